// The runtime's xAPI side: turns an attempt opening or an accepted commit into one outbox event
// carrying that moment's statements, which the runtime writes in the transaction of the opening
// or commit itself (decision 0021 for the outbox, 0022 for the mapping). Events of a
// registration share an ordering key, so its statements reach the LRS in the order they happened.
import type { CommitBody } from '../../contract/runtime.ts';
import type { CommitWrite, SessionRow } from '../db/session-store.ts';
import { commitFacts, openingFacts, type RunSubject } from './run-facts.ts';
import { statementsFor, type XapiStatementSettings } from './statements.ts';
import { XAPI_EVENT, type XapiEventPayload } from './xapi-sender.ts';
import { nameUuid } from './xapi-ids.ts';

export interface XapiOutboxEvent {
  id: string;
  type: typeof XAPI_EVENT;
  orderingKey: string;
  payload: XapiEventPayload;
  createdAt: number;
}

/** What the runtime knows of a registration besides the attempt row: whose it is, and names. */
export interface RunOwner {
  learner: { id: string; name: string };
  titles?: { course?: string; sco?: string };
}

export const xapiOrderingKey = (registrationId: string) => `xapi:${registrationId}`;

function eventOf(registrationId: string, occasion: string, at: number, statements: XapiOutboxEvent['payload']['statements']): XapiOutboxEvent[] {
  if (statements.length === 0) return [];
  return [{ id: nameUuid(`event\u0000${occasion}`), type: XAPI_EVENT, orderingKey: xapiOrderingKey(registrationId), payload: { statements }, createdAt: at }];
}

const subjectOf = (row: SessionRow, owner: RunOwner): RunSubject => ({
  registrationId: row.registration_id,
  learner: owner.learner,
  packageId: row.package_id,
  itemIdentifier: row.item_identifier,
  version: row.version,
  attempt: row.attempt,
  attemptRowId: row.id,
  ...(owner.titles ? { titles: owner.titles } : {}),
});

export function createXapiEvents(settings: XapiStatementSettings) {
  return {
    /** launched, then initialized (a new attempt or session) or resumed (entry resume). */
    opening(row: SessionRow, owner: RunOwner, sessionId: string, entry: string, at: number): XapiOutboxEvent[] {
      const occasion = `${row.id}\u0000open\u0000${sessionId}`;
      return eventOf(row.registration_id, occasion, at, statementsFor(subjectOf(row, owner), openingFacts(entry), occasion, at, settings));
    },

    /** The statements of one accepted commit; none when it moved no result (and then `owner` is not asked). */
    async commit(write: CommitWrite, input: CommitBody, owner: () => Promise<RunOwner>, at: number): Promise<XapiOutboxEvent[]> {
      const facts = commitFacts(write, input.changes);
      if (facts.length === 0) return [];
      const occasion = `${write.row.id}\u0000commit\u0000${input.session_id}\u0000${input.sequence}`;
      return eventOf(write.row.registration_id, occasion, at, statementsFor(subjectOf(write.row, await owner()), facts, occasion, at, settings));
    },
  };
}

export type XapiEvents = ReturnType<typeof createXapiEvents>;
