// The registration.* events of a commit (decision 0021), each with the registration as
// GET /registrations/:id shows it once the commit is written: taken at event time. What they
// read is read for all the commits of an event-loop turn at once (turn batchers): one statement
// each per turn instead of per commit.
import type { OnNewVersion } from '../../contract/packages.ts';
import { createTurnBatcher, fulfilledAll } from '../core/turn-batcher.ts';
import { readOnceCache } from '../core/read-once-cache.ts';
import type { RegistrationRecord, RegistrationStore } from '../db/registration-store.ts';
import type { CommitWrite, ProgressRow, SessionRow } from '../db/session-store.ts';
import type { NewOutboxEvent } from '../outbox/outbox-types.ts';
import { REGISTRATION_EVENT_TYPES, progressColumnsChanged, registrationEvents } from './registration-events.ts';
import { registrationProgress } from './registration-progress.ts';
import { registrationView } from './registration-view.ts';

export interface ProgressEventsConfig {
  /** The SCOs of a registration's content (its package version). */
  scoItems(contentId: string): Promise<Array<{ identifier: string; title: string }>>;
  /** The package's on_new_version, for the registration as the API shows it (a per-process snapshot). */
  packagePolicy?(packageId: string): Promise<OnNewVersion | undefined>;
  /** Whether anyone takes registration events now (the outbox's routes); none are built when not. */
  wanted?(types: readonly string[]): Promise<boolean>;
}

export interface ProgressEventSourceDeps {
  config: ProgressEventsConfig;
  registrations: Pick<RegistrationStore, 'getMany'>;
  /** A registration's attempts by their progress columns (the runtime service's turn batcher). */
  progressRows(registrationId: string): Promise<ProgressRow[]>;
  now: () => number;
  newId: () => string;
}

/**
 * `known`: the registration as the request read it to authorise the commit. Both that read and
 * one made here precede the write, outside its transaction, so it is as fresh: a read fewer per
 * turn (decision 0049). The other SCOs' rows are read just before the write; only this attempt's
 * row is guarded by the write.
 */
export type ProgressEventsOf = (registrationId: string, write: CommitWrite, known: RegistrationRecord | undefined) => Promise<NewOutboxEvent[]>;

export function createProgressEventSource(deps: ProgressEventSourceDeps): ProgressEventsOf {
  const { config, now, newId } = deps;
  const readRegistration = createTurnBatcher((ids: string[]) => deps.registrations.getMany(ids).then(fulfilledAll));
  // A package version's SCOs never change once imported: read once per content id (500 at most).
  const scoItemsOf = readOnceCache(500, (contentId) => config.scoItems(contentId));

  return async (registrationId, write, known) => {
    if (!progressColumnsChanged(write.row, write.fields)) return [];
    if (config.wanted && !(await config.wanted(REGISTRATION_EVENT_TYPES))) return [];
    // The attempt row names the registration's package (a registration never changes package);
    // the attempts are read without their learner data.
    const [registration, allRows, policy] = await Promise.all([
      known?.id === registrationId ? known : readRegistration(registrationId),
      deps.progressRows(registrationId),
      // A snapshot the store shares among its callers (POLICY_FRESH_MS): no batching needed.
      config.packagePolicy?.(write.row.package_id),
    ]);
    if (!registration) return [];
    const scoItems = await scoItemsOf(registration.contentId);
    // Attempts set aside by a version change are not part of the progress (as GET shows it).
    const others: ProgressRow[] = allRows.filter((r) => r.id !== write.row.id && !r.archived);
    const before = registrationProgress(scoItems, [...others, write.row]);
    const after = registrationProgress(scoItems, [...others, { ...write.row, ...write.fields } as SessionRow]);
    const types = registrationEvents(before, after);
    if (types.length === 0) return [];
    const at = now();
    const shown = { ...registration, lastAccessedAt: write.registration?.lastAccessedAt ?? registration.lastAccessedAt };
    const payload = { registration: registrationView(shown, after, policy) };
    return types.map((type) => ({ id: newId(), type, orderingKey: `registration:${registrationId}`, payload, createdAt: at }));
  };
}
