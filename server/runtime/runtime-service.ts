// The server side of the run-time protocol (docs/runtime-protocol.md): launch data, opening a
// SCO attempt (new or resumed, per version), and commits applied in order, at most once, and
// re-validated with the player's own rules before anything is stored. The decisions are pure
// (attempt-decision.ts, commit-checks.ts); every query lives in the session store.
import { randomUUID } from 'node:crypto';
import type { AttemptAnswer, CommitAnswer, CommitBody, Credit, LaunchData, LaunchMode, ScoSummary } from '../../contract/runtime.ts';
import type { SequencingState } from '../../scorm/sequencing/types.ts';
import { snapshotOf } from '../../scorm/cmi/model-state.ts';
import { initialState } from '../../scorm/runtime/launch-context.ts';
import type { Item, Organization } from '../../scorm/manifest/model.ts';
import type { PackageDetail, PackageStore } from '../db/package-store.ts';
import type { PackageVersionStore } from '../db/package-version-store.ts';
import type { RegistrationRecord, RegistrationStore } from '../db/registration-store.ts';
import type { AttemptKey, CommitWrite, SessionRow, SessionStore } from '../db/session-store.ts';
import { createTurnBatcher, fulfilledAll } from '../core/turn-batcher.ts';
import { conflict, notFound, packageNotFound } from '../errors.ts';
import { decideAttempt, decideReview } from './attempt-decision.ts';
import { checkCommit } from './commit-checks.ts';
import { findItem, launchContextForItem, sharedTargets } from './launch-context-for-item.ts';
import { sessionColumns } from './session-columns.ts';
import { sharedScope, type SharedScope } from './shared-scope.ts';

export interface LaunchClaims {
  mode: LaunchMode;
  credit: Credit;
}

export interface RuntimeServiceDeps {
  sessions: SessionStore;
  packages: Pick<PackageStore, 'get'>;
  /** The registration's own package version; without it, the package as it is now. */
  versions?: Pick<PackageVersionStore, 'content'>;
  /** To scope adl.data writes to the learner (shared-scope.ts); without it they stay the registration's. */
  registrations?: Pick<RegistrationStore, 'get'>;
  now?: () => number;
  newId?: () => string;
}

export function createRuntimeService(deps: RuntimeServiceDeps) {
  const { sessions, packages } = deps;
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? randomUUID;
  // Attempt rows this process wrote last, newest last (a Map keeps insertion order).
  const recentRows = new Map<string, SessionRow>();
  const RECENT_LIMIT = 5000;
  const remember = (key: string, row: SessionRow) => {
    recentRows.delete(key);
    recentRows.set(key, row);
    if (recentRows.size > RECENT_LIMIT) recentRows.delete(recentRows.keys().next().value!);
  };
  const rowKey = (registrationId: string, item: string, attempt: number) => `${registrationId}\u0000${item}\u0000${attempt}`;
  // The commits that arrive in one event-loop turn read their attempts in one query. They write
  // in one transaction at a time: the commits that arrive while it runs go together in the next
  // (group commit: hot interaction_stats rows and the log flush are paid once per group, and a
  // group never waits on another's locks; docs/decisions/0027-commits-grouped-per-turn.md).
  const findRow = createTurnBatcher((keys: AttemptKey[]) => sessions.findMany(keys).then(fulfilledAll));
  // A group is as large as what waited for it (the store cuts its UPDATE to fit a packet): its
  // size, not the number of transactions, follows the load when the log flush is slow.
  const writeRow = createTurnBatcher((writes: CommitWrite[]) => sessions.writeCommits(writes), { maxInFlight: 1, maxBatch: 1000 });

  /** The version the registration runs (a newer one only after its policy moved it). */
  async function packageOf(registration: RegistrationRecord): Promise<PackageDetail> {
    const pkg = deps.versions ? await deps.versions.content(registration.contentId) : await packages.get(registration.packageId);
    if (!pkg) throw packageNotFound('The package of this registration');
    return pkg;
  }

  function defaultOrganization(pkg: PackageDetail): Organization {
    const orgs = pkg.organizations as Organization[];
    return orgs.find((o) => o.identifier === pkg.default_organization) ?? orgs[0]!;
  }

  /** The buckets a commit's adl.data writes go to (read only when a commit writes shared data). */
  async function scopeOf(registrationId: string): Promise<SharedScope> {
    const registration = await deps.registrations?.get(registrationId);
    // The shared data maps of the version the registration runs.
    const pkg = registration ? await packageOf(registration).catch(() => undefined) : undefined;
    if (!registration || !pkg) return { key: `registration:${registrationId}`, registrationId };
    return sharedScope(defaultOrganization(pkg), registration.learner.id, registrationId);
  }

  function launchableItem(pkg: PackageDetail, identifier: string): Item {
    const item = findItem(defaultOrganization(pkg).items as Item[], identifier);
    if (!item || !item.launch_url) throw notFound(`The item "${identifier}"`, 'ITEM_NOT_FOUND');
    return item;
  }

  return {
    async launchData(registration: RegistrationRecord, claims: LaunchClaims, contentBase: string, autoCommitSeconds: number): Promise<LaunchData> {
      const pkg = await packageOf(registration);
      const rows = await sessions.forRegistration(registration.id);
      const latest = new Map<string, SessionRow>();
      const attempts = new Map<string, number>();
      // Attempts set aside by a move to a newer version are not the registration's progress.
      for (const row of rows.filter((r) => !r.archived)) {
        latest.set(row.item_identifier, row);
        attempts.set(row.item_identifier, Math.max(attempts.get(row.item_identifier) ?? 0, row.attempt));
      }
      const scos: Record<string, ScoSummary> = {};
      for (const [item, row] of latest) {
        scos[item] = {
          attempts: attempts.get(item)!,
          completion_status: row.completion_status,
          success_status: row.success_status,
          lesson_status: row.lesson_status,
          suspended: row.exit_value === 'suspend',
          score_scaled: row.score_scaled,
        };
      }
      return {
        registration: { id: registration.id, learner: registration.learner, mode: claims.mode, credit: claims.credit },
        package: { id: pkg.id, title: pkg.title, version: pkg.version, edition: pkg.edition, organization: defaultOrganization(pkg) },
        content_base: contentBase,
        auto_commit_seconds: autoCommitSeconds,
        // Stored as the player sent it (PUT /sequencing-state); the player reads it back.
        sequencing_state: (await sessions.sequencingState(registration.id)) as SequencingState | null,
        scos,
      };
    },

    /** Opens the SCO's attempt: resumes it, or starts the next one, as each version says. */
    /**
     * `newTreeAttempt`: the player's delivery began a new attempt on the activity tree; the
     * buckets kept to this registration (sharedDataGlobalToSystem="false") live as long as one
     * such attempt and start empty (CTS DDM 1bV2); the learner's global buckets stay.
     */
    async openAttempt(registration: RegistrationRecord, claims: LaunchClaims, itemIdentifier: string, options: { newTreeAttempt?: boolean } = {}): Promise<AttemptAnswer> {
      const pkg = await packageOf(registration);
      const item = launchableItem(pkg, itemIdentifier);
      const version = pkg.version;
      const sessionId = newId();
      const at = now();
      const scope = sharedScope(defaultOrganization(pkg), registration.learner.id, registration.id);
      if (options.newTreeAttempt && scope.registrationId !== null && claims.mode !== 'review') await sessions.deleteShared(scope.key);
      const sharedValues = await sessions.sharedValues(scope.key, sharedTargets(item));
      const contextFor = (decision: ReturnType<typeof decideAttempt>) =>
        launchContextForItem(item, {
          version,
          learner: registration.learner,
          mode: claims.mode,
          credit: claims.credit,
          commentsFromLms: registration.commentsFromLms,
          entry: decision.entry,
          sharedValues,
          ...(decision.priorState ? { priorState: decision.priorState } : {}),
        });
      // Review records nothing: the latest attempt as stored, read outside any transaction.
      if (claims.mode === 'review') {
        const decision = decideReview(await sessions.latest(registration.id, itemIdentifier));
        return { session_id: sessionId, attempt: decision.attempt, context: contextFor(decision) };
      }
      return sessions.openAttempt<AttemptAnswer>(registration.id, itemIdentifier, at, (latest) => {
        const decision = decideAttempt(latest, version);
        const context = contextFor(decision);
        const state = initialState(context);
        const fields = {
          ...sessionColumns(state),
          entry: decision.entry,
          data_json: JSON.stringify(snapshotOf(state)),
          current_session_id: sessionId,
          commit_sequence: 0,
          updated_at: at,
        };
        recentRows.delete(rowKey(registration.id, itemIdentifier, decision.attempt));
        const result: AttemptAnswer = { session_id: sessionId, attempt: decision.attempt, context };
        if (!decision.fresh) return { opening: { kind: 'update', row: latest!, fields: { ...fields, session_count: latest!.session_count + 1 } }, result };
        const row: SessionRow = {
          id: newId(),
          registration_id: registration.id,
          package_id: pkg.id,
          item_identifier: itemIdentifier,
          attempt: decision.attempt,
          version,
          session_time_seconds: 0,
          last_end_json: null,
          ended: false,
          session_count: 1,
          is_latest: true,
          archived: false,
          row_version: 0,
          created_at: at,
          ...fields,
        };
        return { opening: { kind: 'insert', row }, result };
      });
    },

    /**
     * Applies one commit. Optimistic: read the attempt, check and compute, then write it with a
     * guard on its row_version; a commit that lost a race re-reads and decides again (a replay is
     * then recognised as such).
     */
    async commit(registrationId: string, input: CommitBody, mode: LaunchClaims['mode'] = 'normal'): Promise<CommitAnswer> {
      // Review records nothing (decideReview); the SCO's calls are acknowledged.
      if (mode === 'review') return { ok: true, applied: false, sequence: input.sequence };
      const key = rowKey(registrationId, input.item, input.attempt);
      for (let round = 1; ; round++) {
        // The row this process wrote last saves a read per commit. It may be stale (another
        // process or tab wrote since): the row_version guard of the write catches that, and no
        // refusal is ever given from a cached row without reading the table again.
        const cached = recentRows.get(key);
        const row = cached ?? (await findRow({ registrationId, item: input.item, attempt: input.attempt }));
        const verdict = checkCommit(row, input, now());
        // A cached row is never ahead of the table, so a replay it recognises is a replay.
        if (verdict.kind === 'replay') return { ok: true, applied: false, sequence: verdict.sequence };
        if (verdict.kind === 'refused') {
          recentRows.delete(key);
          if (cached) continue;
          throw verdict.error;
        }
        const write = verdict.write.shared.length > 0 ? { ...verdict.write, sharedScope: await scopeOf(registrationId) } : verdict.write;
        if (await writeRow(write)) {
          remember(key, { ...write.row, ...write.fields, row_version: write.row.row_version + 1 } as SessionRow);
          return { ok: true, applied: true, sequence: input.sequence };
        }
        recentRows.delete(key);
        if (round >= 5) throw conflict('CONCURRENT_UPDATE', 'The attempt kept changing during the commit; send it again.');
      }
    },

    async saveSequencingState(registration: RegistrationRecord, state: unknown): Promise<void> {
      await sessions.saveSequencingState(registration.id, state, now());
    },
  };
}

export type RuntimeService = ReturnType<typeof createRuntimeService>;
