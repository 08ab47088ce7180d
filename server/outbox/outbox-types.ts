// The transactional outbox's vocabulary (docs/decisions/0021-transactional-outbox.md): an event
// written in the transaction of the change that caused it, the routes that fan it out to
// destinations, and the senders the dispatcher hands each due delivery to.
import type { Db } from '../db/connect.ts';

/** What a change enqueues, inside its own transaction. */
export interface NewOutboxEvent {
  /** A unique id (a UUID): receivers de-duplicate on it. */
  id: string;
  /** e.g. 'registration.completed', 'import.failed', or another sink's own type. */
  type: string;
  /** Events of one key reach each destination in the order they were enqueued. */
  orderingKey: string;
  /** JSON-serialisable; taken when the event happens (decision 0021). */
  payload: unknown;
  createdAt: number;
}

/**
 * Fans an event out to destinations of one sink, inside the enqueuing transaction (so a
 * subscription that exists when the change commits gets it). Returns destination ids, which
 * depend on the event's type only: the outbox asks once per type of the events it writes together.
 */
export interface OutboxRoute {
  sink: string;
  destinations(conn: Db, event: NewOutboxEvent): Promise<string[]>;
  /**
   * Whether any destination would take an event of one of `types` now: lets a change skip
   * building events nobody wants. A route without it is taken to want everything.
   */
  wants?(types: readonly string[]): Promise<boolean>;
}

/** A delivery the dispatcher holds a lease on. */
export interface ClaimedDelivery {
  id: string;
  sink: string;
  destination: string;
  eventId: string;
  eventSeq: number;
  type: string;
  orderingKey: string;
  /** The payload parsed (on first use: a sender that forwards it as text never parses it). */
  readonly payload: unknown;
  /** The payload as stored: JSON.stringify of what was enqueued. */
  payloadJson: string;
  eventCreatedAt: number;
  /** Including this one. */
  attempts: number;
  /** When it was attempted before this claim (null: never), restored if it is not sent after all. */
  previousAttemptAt: number | null;
  retryUntil: number;
}

export type SendResult =
  | { ok: true; responseCode: number | null }
  /** `retry: false` ends the delivery as failed at once (e.g. its webhook was deleted). */
  | { ok: false; responseCode: number | null; error: string; retry?: boolean };

/** Delivers one sink's deliveries (webhook-sender.ts, xapi-sender.ts). */
export interface OutboxSender {
  sink: string;
  send(delivery: ClaimedDelivery): Promise<SendResult>;
  /**
   * A round's runs (each the deliveries of one key, in order) at once, for a sender that sends
   * several together (an LRS takes statements in batches). A run's result after one left to
   * retry is undefined: not sent. Without it, the dispatcher sends each run one by one.
   */
  sendRuns?(runs: ReadonlyArray<readonly ClaimedDelivery[]>): Promise<Array<Array<SendResult | undefined>>>;
}

/** The same three states the API shows (contract/deliveries.ts). */
export type { DeliveryStatus } from '../../contract/deliveries.ts';
import type { DeliveryStatus } from '../../contract/deliveries.ts';

export interface DeliveryRecord {
  id: string;
  sink: string;
  destination: string;
  eventId: string;
  type: string;
  orderingKey: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lastResponseCode: number | null;
  lastAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
}
