// The server side of the run-time protocol (docs/runtime-protocol.md): launch data, opening a
// SCO attempt (new or resumed, per version), and commits applied in order, at most once, and
// re-validated with the player's own rules before anything is stored.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { applyValues } from '../../scorm/cmi/apply-values.ts';
import { durationToCentiseconds, timespanToCentiseconds } from '../../scorm/cmi/duration.ts';
import { endSession, type SessionEnd } from '../../scorm/cmi/end-of-session.ts';
import { snapshotOf, stateFromSnapshot, type ModelSnapshot, type ModelState } from '../../scorm/cmi/model-state.ts';
import { initialState, type LaunchContext } from '../../scorm/runtime/launch-context.ts';
import type { Item, Organization } from '../../scorm/manifest/model.ts';
import type { PackageDetail, PackageStore } from '../db/package-store.ts';
import type { RegistrationRecord } from '../db/registration-store.ts';
import type { SessionRow, SessionStore } from '../db/session-store.ts';
import { withDeadlockRetry } from '../db/deadlock-retry.ts';
import { AppError, conflict, notFound, unprocessable } from '../errors.ts';
import type { CommitInput } from './commit-input.ts';
import { findItem, launchContextForItem, sharedTargets } from './launch-context-for-item.ts';
import type { SharedDataStore } from '../db/shared-data-store.ts';
import { interactionRows, objectiveRows, sessionColumns } from './session-columns.ts';

export interface LaunchClaims {
  mode: 'normal' | 'browse' | 'review';
  credit: 'credit' | 'no-credit';
}

export type CommitAnswer = { ok: true; applied: boolean; sequence: number };

/** The session_time the LMS measured itself, in centiseconds, bounded to a day. */
function measuredCentiseconds(version: '1.2' | '2004', end: CommitInput['end']): number {
  if (!end?.sessionTime || end.sessionTimeReported) return 0;
  try {
    const cs = version === '1.2' ? timespanToCentiseconds(end.sessionTime) : durationToCentiseconds(end.sessionTime);
    return Number.isFinite(cs) ? Math.min(Math.max(0, cs), 24 * 3600 * 100) : 0;
  } catch {
    return 0;
  }
}

/** adl.data.n.store writes of a commit, as [targetID, value] (the last write of each wins). */
function sharedWrites(state: ModelState, changes: CommitInput['changes']): Array<[string, string]> {
  const writes = new Map<string, string>();
  for (const [element] of changes) {
    const match = /^adl\.data\.(\d+)\.store$/.exec(element);
    if (!match) continue;
    const id = state.values.get(`adl.data.${match[1]}.id`);
    const value = state.values.get(element);
    if (id !== undefined && value !== undefined) writes.set(id, value);
  }
  return [...writes];
}

const touchesDetails = (changes: CommitInput['changes']) =>
  changes.some(([element]) => element.startsWith('cmi.interactions.') || element.startsWith('cmi.objectives.'));

export function createRuntimeService(deps: { db: Knex; sessions: SessionStore; packages: PackageStore; sharedData: SharedDataStore; now?: () => number }) {
  const { db, sessions, packages, sharedData } = deps;
  const now = deps.now ?? Date.now;
  // Attempt rows this process wrote last, newest last (a Map keeps insertion order).
  const recentRows = new Map<string, SessionRow>();
  const RECENT_LIMIT = 5000;
  const remember = (key: string, row: SessionRow) => {
    recentRows.delete(key);
    recentRows.set(key, row);
    if (recentRows.size > RECENT_LIMIT) recentRows.delete(recentRows.keys().next().value!);
  };

  async function packageOf(registration: RegistrationRecord): Promise<PackageDetail> {
    const pkg = await packages.get(registration.packageId);
    if (!pkg) throw notFound('The package of this registration', 'PACKAGE_NOT_FOUND');
    return pkg;
  }

  function defaultOrganization(pkg: PackageDetail): Organization {
    const orgs = pkg.organizations as Organization[];
    return orgs.find((o) => o.identifier === pkg.default_organization) ?? orgs[0]!;
  }

  function launchableItem(pkg: PackageDetail, identifier: string): Item {
    const item = findItem(defaultOrganization(pkg).items as Item[], identifier);
    if (!item || !item.launch_url) throw notFound(`The item "${identifier}"`, 'ITEM_NOT_FOUND');
    return item;
  }

  /**
   * A review launch revisits the latest attempt as it was stored: no new attempt, entry "" and
   * nothing recorded (RTE 4.2.16 cmi.mode review; digest 10.3, 10.5). Without an attempt to
   * review, the SCO starts from nothing and still records nothing.
   */
  async function reviewAttempt(
    registration: RegistrationRecord,
    claims: LaunchClaims,
    item: Item,
    itemIdentifier: string,
    version: '1.2' | '2004',
    sessionId: string,
    sharedValues: ReadonlyMap<string, string>,
  ) {
    const latest = await sessions.latest(registration.id, itemIdentifier);
    const context = launchContextForItem(item, {
      version,
      learner: registration.learner,
      mode: 'review',
      credit: claims.credit,
      commentsFromLms: registration.commentsFromLms,
      entry: latest ? '' : 'ab-initio',
      sharedValues,
      ...(latest ? { priorState: JSON.parse(latest.data_json) as ModelSnapshot } : {}),
    });
    return { session_id: sessionId, attempt: latest?.attempt ?? 1, context };
  }

  return {
    async launchData(registration: RegistrationRecord, claims: LaunchClaims, contentBase: string, autoCommitSeconds: number) {
      const pkg = await packageOf(registration);
      const rows = await sessions.forRegistration(registration.id);
      const latest = new Map<string, SessionRow>();
      const attempts = new Map<string, number>();
      for (const row of rows) {
        latest.set(row.item_identifier, row);
        attempts.set(row.item_identifier, Math.max(attempts.get(row.item_identifier) ?? 0, row.attempt));
      }
      const scos: Record<string, unknown> = {};
      for (const [item, row] of latest) {
        scos[item] = {
          attempts: attempts.get(item),
          completion_status: row.completion_status,
          success_status: row.success_status,
          lesson_status: row.lesson_status,
          suspended: row.exit_value === 'suspend',
          score_scaled: row.score_scaled,
        };
      }
      const stateRow = await db('registrations').where({ id: registration.id }).first('sequencing_state_json');
      return {
        registration: { id: registration.id, learner: registration.learner, mode: claims.mode, credit: claims.credit },
        package: { id: pkg.id, title: pkg.title, version: pkg.version, edition: pkg.edition, organization: defaultOrganization(pkg) },
        content_base: contentBase,
        auto_commit_seconds: autoCommitSeconds,
        sequencing_state: stateRow?.sequencing_state_json ? (JSON.parse(String(stateRow.sequencing_state_json)) as unknown) : null,
        scos,
      };
    },

    /** Opens the SCO's attempt: resumes it, or starts the next one, as each version says. */
    async openAttempt(registration: RegistrationRecord, claims: LaunchClaims, itemIdentifier: string) {
      const pkg = await packageOf(registration);
      const item = launchableItem(pkg, itemIdentifier);
      const version = pkg.version;
      const sessionId = randomUUID();
      const at = now();
      const sharedValues = await sharedData.values(registration.id, sharedTargets(item));
      if (claims.mode === 'review') return reviewAttempt(registration, claims, item, itemIdentifier, version, sessionId, sharedValues);
      return withDeadlockRetry(() =>
        db.transaction(async (trx) => {
          const latest = await sessions.latest(registration.id, itemIdentifier, trx);
          const lastEnd = latest?.last_end_json ? (JSON.parse(latest.last_end_json) as SessionEnd) : undefined;
          // 2004 RTE 4.2.8: an attempt that ended (exit other than suspend) is followed by a new
          // one with fresh data; 1.2 keeps one data set per SCO (digest A-18).
          const fresh = !latest || (version === '2004' && latest.ended);
          const attempt = !latest ? 1 : fresh ? latest.attempt + 1 : latest.attempt;
          const priorState = fresh ? undefined : (JSON.parse(latest!.data_json) as ModelSnapshot);
          const entry: LaunchContext['entry'] = fresh
            ? 'ab-initio'
            : (lastEnd?.nextEntry ?? (latest!.exit_value === 'suspend' ? 'resume' : ''));
          const context = launchContextForItem(item, {
            version,
            learner: registration.learner,
            mode: claims.mode,
            credit: claims.credit,
            commentsFromLms: registration.commentsFromLms,
            entry,
            sharedValues,
            ...(priorState ? { priorState } : {}),
          });
          const state = initialState(context);
          const columns = sessionColumns(state);
          const fields = {
            ...columns,
            entry,
            data_json: JSON.stringify(snapshotOf(state)),
            current_session_id: sessionId,
            commit_sequence: 0,
            updated_at: at,
          };
          if (fresh) {
            // The new attempt becomes the SCO's latest (the report's "latest attempt" flag).
            if (latest) await trx('scorm_user_sessions').where({ registration_id: registration.id, item_identifier: itemIdentifier }).update({ is_latest: false });
            await sessions.insert(trx, {
              id: randomUUID(),
              registration_id: registration.id,
              package_id: pkg.id,
              item_identifier: itemIdentifier,
              attempt,
              version,
              session_time_seconds: 0,
              last_end_json: null,
              ended: false,
              session_count: 1,
              is_latest: true,
              row_version: 0,
              created_at: at,
              ...fields,
            });
          } else {
            const ok = await sessions.update(trx, latest!, { ...fields, session_count: latest!.session_count + 1 });
            if (!ok) throw conflict('CONCURRENT_UPDATE', 'The attempt changed while it was opened; try again.');
          }
          await trx('registrations').where({ id: registration.id }).update({ last_accessed_at: at });
          recentRows.delete(`${registration.id}\u0000${itemIdentifier}\u0000${attempt}`);
          return { session_id: sessionId, attempt, context };
        }),
      );
    },

    /**
     * Applies one commit. Optimistic: read the attempt, check and compute, then write it with a
     * guard on its row_version; a commit that lost a race re-reads and decides again (a replay is
     * then recognised as such). Only commits that also rewrite interaction/objective rows or end
     * the session take a transaction: an explicit transaction per auto-commit costs a third of
     * the throughput on MariaDB (bench/runtime-commits.ts).
     */
    async commit(registrationId: string, input: CommitInput, mode: LaunchClaims['mode'] = 'normal'): Promise<CommitAnswer> {
      // Review records nothing (see reviewAttempt); the SCO's calls are acknowledged.
      if (mode === 'review') return { ok: true, applied: false, sequence: input.sequence };
      const key = `${registrationId}\u0000${input.item}\u0000${input.attempt}`;
      for (let round = 1; ; round++) {
        // The row this process wrote last saves a read per commit. It may be stale (another
        // process or tab wrote since): the row_version guard of the write catches that, and no
        // refusal is ever given from a cached row without reading the table again.
        const cached = recentRows.get(key);
        const row = cached ?? (await sessions.find(registrationId, input.item, input.attempt));
        const recheck = () => {
          recentRows.delete(key);
          return cached !== undefined;
        };
        if (!row) throw notFound('That attempt', 'ATTEMPT_NOT_FOUND');
        if (row.current_session_id !== input.sessionId) {
          if (recheck()) continue;
          throw conflict('STALE_SESSION', 'This SCO was opened again elsewhere (another tab or a relaunch); this window can no longer save.');
        }
        // A cached row is never ahead of the table, so a replay it recognises is a replay.
        if (input.sequence <= row.commit_sequence) return { ok: true, applied: false, sequence: row.commit_sequence };
        if (input.sequence > row.commit_sequence + 1) {
          if (recheck()) continue;
          throw new AppError(409, 'OUT_OF_ORDER', `Commit ${input.sequence} arrived before ${row.commit_sequence + 1}.`, { expected: row.commit_sequence + 1 });
        }
        if (row.ended) {
          if (recheck()) continue;
          throw conflict('ATTEMPT_ENDED', 'This attempt has ended; launch the SCO again to start a new one.');
        }

        const applied = applyValues(stateFromSnapshot(JSON.parse(row.data_json) as ModelSnapshot), input.changes);
        if (!applied.ok) {
          if (recheck()) continue;
          const f = applied.failure;
          throw unprocessable('INVALID_VALUE', `${f.element} cannot be set to that value (SCORM error ${f.code}); nothing of this commit was saved.`, {
            element: f.element,
            value: f.value.slice(0, 200),
            scorm_error: f.code,
            index: f.index,
          });
        }
        const state = applied.state;
        const end = input.reason === 'terminate' ? endSession(state, measuredCentiseconds(row.version, input.end)) : undefined;
        const at = now();
        const fields: Partial<SessionRow> = {
          ...sessionColumns(state),
          data_json: JSON.stringify(snapshotOf(state)),
          commit_sequence: input.sequence,
          updated_at: at,
          ...(end
            ? {
                last_end_json: JSON.stringify(end),
                ended: end.attemptEnded,
                session_time_seconds: (row.version === '1.2' ? timespanToCentiseconds(end.sessionTime) : durationToCentiseconds(end.sessionTime)) / 100,
              }
            : {}),
        };
        const registrationFields: Record<string, unknown> | undefined =
          end || input.sequencingState !== undefined
            ? { last_accessed_at: at, ...(input.sequencingState !== undefined ? { sequencing_state_json: JSON.stringify(input.sequencingState) } : {}) }
            : undefined;

        const shared = sharedWrites(state, input.changes);
        let written: boolean;
        if (touchesDetails(input.changes) || registrationFields || shared.length > 0) {
          written = await withDeadlockRetry(() =>
            db.transaction(async (trx) => {
              if (!(await sessions.update(trx, row, fields))) return false;
              if (touchesDetails(input.changes)) await sessions.replaceDetails(trx, row, interactionRows(state), objectiveRows(state));
              // The attempt row's updated_at is the fine-grained access time; the registration's
              // own moves when something ends or navigation state changes, not per auto-commit.
              if (registrationFields) await trx('registrations').where({ id: registrationId }).update(registrationFields);
              // The rules already refused writes to a map without writeSharedData (RTE 4.3 adl.data).
              if (shared.length > 0) await sharedData.write(trx, registrationId, row.package_id, shared);
              return true;
            }),
          );
        } else {
          written = await sessions.update(db, row, fields);
        }
        if (written) {
          remember(key, { ...row, ...fields, row_version: row.row_version + 1 } as SessionRow);
          return { ok: true, applied: true, sequence: input.sequence };
        }
        recentRows.delete(key);
        if (round >= 5) throw conflict('CONCURRENT_UPDATE', 'The attempt kept changing during the commit; send it again.');
      }
    },

    async saveSequencingState(registration: RegistrationRecord, state: unknown): Promise<void> {
      await db('registrations').where({ id: registration.id }).update({ sequencing_state_json: JSON.stringify(state), last_accessed_at: now() });
    },
  };
}

export type RuntimeService = ReturnType<typeof createRuntimeService>;
