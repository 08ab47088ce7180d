// The session store in memory: the fake services are unit-tested with. It passes the same
// contract as the SQL store (test/db/session-store-contract.ts), row_version guard included.
import { conflict } from '../errors.ts';
import type { NewOutboxEvent } from '../outbox/outbox-types.ts';
import type { CommitWrite, SessionRow, SessionStore } from './session-store.ts';

type Owned = { session_row_id: string; package_id: string; registration_id: string; item_identifier: string };

export interface MemorySessionStore extends SessionStore {
  /** The registration's last access time as the store last wrote it. */
  lastAccessedAt(registrationId: string): number | undefined;
  /** Outbox events of the openings and commits written, in order (CommitWrite.events, AttemptOpeningDecision.events). */
  outboxEvents(): NewOutboxEvent[];
}

export function createMemorySessionStore(now: () => number = Date.now): MemorySessionStore {
  const rows = new Map<string, SessionRow>();
  const interactions = new Map<string, Array<Record<string, unknown>>>();
  const objectives = new Map<string, Array<Record<string, unknown>>>();
  const shared = new Map<string, Map<string, { value: string; packageId: string; updatedAt: number }>>();
  const registrations = new Map<string, { sequencingState?: unknown; lastAccessedAt?: number }>();
  const events: NewOutboxEvent[] = [];

  const copy = (row: SessionRow): SessionRow => ({ ...row });
  const attemptsOf = (registrationId: string, item?: string) =>
    [...rows.values()].filter((r) => r.registration_id === registrationId && (item === undefined || r.item_identifier === item));
  const registration = (id: string) => {
    let r = registrations.get(id);
    if (!r) registrations.set(id, (r = {}));
    return r;
  };

  function update(row: SessionRow, fields: Partial<SessionRow>): boolean {
    const current = rows.get(row.id);
    if (!current || current.row_version !== row.row_version) return false;
    rows.set(row.id, { ...current, ...fields, row_version: row.row_version + 1 });
    return true;
  }

  function latest(registrationId: string, item: string): SessionRow | undefined {
    return attemptsOf(registrationId, item).sort((a, b) => b.attempt - a.attempt)[0];
  }

  const store: MemorySessionStore = {
    async latest(registrationId, item) {
      const row = latest(registrationId, item);
      return row && copy(row);
    },

    async findMany(keys) {
      return Promise.all(keys.map((k) => store.find(k.registrationId, k.item, k.attempt)));
    },

    async find(registrationId, item, attempt) {
      const row = attemptsOf(registrationId, item).find((r) => r.attempt === attempt);
      return row && copy(row);
    },

    async progressRowsMany(registrationIds) {
      return Promise.all(registrationIds.map((id) => store.forRegistration(id)));
    },

    async forRegistration(registrationId) {
      return attemptsOf(registrationId)
        .sort((a, b) => (a.item_identifier < b.item_identifier ? -1 : a.item_identifier > b.item_identifier ? 1 : a.attempt - b.attempt))
        .map(copy);
    },

    async interactionsOf(sessionRowId) {
      return (interactions.get(sessionRowId) ?? []).map((r) => ({ ...r }));
    },

    async objectivesOf(sessionRowId) {
      return (objectives.get(sessionRowId) ?? []).map((r) => ({ ...r }));
    },

    async sharedValues(scopeKey, targetIds) {
      const buckets = shared.get(scopeKey);
      const out = new Map<string, string>();
      for (const id of targetIds) {
        const bucket = buckets?.get(id);
        if (bucket) out.set(id, bucket.value);
      }
      return out;
    },

    async deleteShared(scopeKey) {
      shared.delete(scopeKey);
    },

    async sequencingState(registrationId) {
      const state = registrations.get(registrationId)?.sequencingState;
      return state === undefined ? null : structuredClone(state);
    },

    // Launch rows live in a launch store of their own (memory-launch-store.ts): the caller writes them.
    writesLaunches: false,

    async openAttempt(registrationId, item, at, decide) {
      const before = latest(registrationId, item);
      const { opening, result, events: opened = [] } = decide(before && copy(before));
      if (opening.kind === 'insert') {
        for (const row of attemptsOf(registrationId, item)) row.is_latest = false;
        rows.set(opening.row.id, copy(opening.row));
      } else if (!update(opening.row, opening.fields)) {
        throw conflict('CONCURRENT_UPDATE', 'The attempt changed while it was opened; try again.');
      }
      registration(registrationId).lastAccessedAt = at;
      events.push(...opened);
      return result;
    },

    async writeCommit(write: CommitWrite) {
      const { row } = write;
      if (!update(row, write.fields)) return false;
      if (write.details) {
        const owner: Owned = { session_row_id: row.id, package_id: row.package_id, registration_id: row.registration_id, item_identifier: row.item_identifier };
        interactions.set(row.id, write.details.interactions.map((r) => ({ ...owner, ...r })));
        objectives.set(row.id, write.details.objectives.map((r) => ({ ...owner, ...r })));
      }
      if (write.registration) {
        const r = registration(row.registration_id);
        r.lastAccessedAt = write.registration.lastAccessedAt;
        if (write.registration.sequencingState !== undefined) r.sequencingState = structuredClone(write.registration.sequencingState);
      }
      if (write.shared.length > 0) {
        const scope = write.sharedScope ?? { key: `registration:${row.registration_id}`, registrationId: row.registration_id };
        let buckets = shared.get(scope.key);
        if (!buckets) shared.set(scope.key, (buckets = new Map()));
        for (const [target, value] of write.shared) {
          if (value === '') buckets.delete(target);
          else buckets.set(target, { value, packageId: row.package_id, updatedAt: now() });
        }
      }
      events.push(...(write.events ?? []));
      return true;
    },

    async writeCommits(writes) {
      const results: Array<PromiseSettledResult<boolean>> = [];
      for (const write of writes) {
        try {
          results.push({ status: 'fulfilled', value: await store.writeCommit(write) });
        } catch (reason) {
          results.push({ status: 'rejected', reason });
        }
      }
      return results;
    },

    async saveSequencingState(registrationId, state, at) {
      const r = registration(registrationId);
      r.sequencingState = structuredClone(state);
      r.lastAccessedAt = at;
    },

    async deleteForRegistration(registrationId) {
      for (const row of attemptsOf(registrationId)) {
        rows.delete(row.id);
        interactions.delete(row.id);
        objectives.delete(row.id);
      }
      shared.delete(`registration:${registrationId}`);
    },

    lastAccessedAt: (registrationId) => registrations.get(registrationId)?.lastAccessedAt,
    outboxEvents: () => [...events],
  };
  return store;
}
