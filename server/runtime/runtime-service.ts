// The server side of the run-time protocol (docs/runtime-protocol.md): launch data, opening a
// SCO attempt (new or resumed, per version), and commits applied in order, at most once, and
// re-validated with the player's own rules before anything is stored. The decisions are pure
// (attempt-decision.ts, commit-checks.ts); every query lives in the session store.
import { randomUUID } from 'node:crypto';
import type { AttemptAnswer, CommitAnswer, CommitBody, Credit, LaunchData, LaunchMode, ScoSummary } from '../../contract/runtime.ts';
import type { SequencingState } from '../../scorm/sequencing/types.ts';
import { snapshotJson, type ModelSnapshot, type ModelState } from '../../scorm/cmi/model-state.ts';
import { initialState } from '../../scorm/runtime/launch-context.ts';
import type { Item, Organization } from '../../scorm/manifest/model.ts';
import type { PackageDetail, PackageStore } from '../db/package-store.ts';
import type { PackageVersionStore } from '../db/package-version-store.ts';
import type { RegistrationRecord, RegistrationStore } from '../db/registration-store.ts';
import type { LaunchStore, NewLaunch } from '../db/launch-store.ts';
import type { ClosedLaunch, LaunchReport } from '../../contract/launches.ts';
import { exitOnSupersede, exitOnTerminate } from './launch-exit.ts';
import type { AttemptKey, CommitWrite, LaunchOpening, ProgressRow, SessionRow, SessionStore } from '../db/session-store.ts';
import { createTurnBatcher, fulfilledAll } from '../core/turn-batcher.ts';
import { conflict, notFound, packageNotFound } from '../errors.ts';
import { decideAttempt, decideReview } from './attempt-decision.ts';
import { checkCommit } from './commit-checks.ts';
import { findItem, launchContextForItem, sharedTargets } from './launch-context-for-item.ts';
import { createProgressEventSource, type ProgressEventsConfig, type ProgressEventsOf } from './progress-event-source.ts';
import { sessionColumns } from './session-columns.ts';
import { sharedScope, type SharedScope } from './shared-scope.ts';
import type { RunOwner, XapiEvents } from '../xapi/xapi-events.ts';
import { readOnceCache } from '../core/read-once-cache.ts';

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
  registrations?: Pick<RegistrationStore, 'get' | 'getMany'>;
  /** Launch history and traces (decision 0023); without it nothing of them is recorded. */
  launches?: LaunchStore;
  /**
   * With it (and `registrations`), a commit that changes progress carries its registration.*
   * events (progress-event-source.ts), written in the commit's transaction.
   */
  progressEvents?: ProgressEventsConfig;
  now?: () => number;
  newId?: () => string;
  /** xAPI forwarding (SCORM_XAPI_ENDPOINT): statements enqueued with the openings and commits they report. */
  xapi?: XapiEvents;
}

/** Package versions whose parsed content one process keeps (each a manifest's organizations). */
const VERSION_CACHE_LIMIT = 200;
const VERSION_CACHE_MAX_ITEMS = 2000;

export function createRuntimeService(deps: RuntimeServiceDeps) {
  const { sessions, packages } = deps;
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? randomUUID;
  // Attempt rows this process wrote last, newest last (a Map keeps insertion order), with the
  // data model their data_json holds, so the next commit need not parse it again.
  const recentRows = new Map<string, { row: SessionRow; state: ModelState }>();
  const RECENT_LIMIT = 5000;
  const remember = (key: string, row: SessionRow, state: ModelState) => {
    recentRows.delete(key);
    recentRows.set(key, { row, state });
    if (recentRows.size > RECENT_LIMIT) recentRows.delete(recentRows.keys().next().value!);
  };
  const rowKey = (registrationId: string, item: string, attempt: number) => `${registrationId}\u0000${item}\u0000${attempt}`;
  // Whose registration it is, for xAPI actors: kept from openings, so commits need no extra read.
  const owners = new Map<string, RunOwner>();
  const rememberOwner = (registrationId: string, owner: RunOwner) => {
    owners.delete(registrationId);
    owners.set(registrationId, owner);
    if (owners.size > RECENT_LIMIT) owners.delete(owners.keys().next().value!);
  };
  async function ownerOf(registrationId: string): Promise<RunOwner> {
    const known = owners.get(registrationId);
    if (known) return known;
    const registration = await deps.registrations?.get(registrationId);
    // Without a registrations store (unit tests) the learner is only known by the registration.
    const owner: RunOwner = { learner: registration?.learner ?? { id: registrationId, name: '' } };
    rememberOwner(registrationId, owner);
    return owner;
  }
  // The commits that arrive in one event-loop turn read their attempts in one query. They write
  // in one transaction at a time: the commits that arrive while it runs go together in the next
  // (group commit: hot interaction_stats rows and the log flush are paid once per group, and a
  // group never waits on another's locks; docs/decisions/0027-commits-grouped-per-turn.md).
  const findRow = createTurnBatcher((keys: AttemptKey[]) => sessions.findMany(keys).then(fulfilledAll));
  // A group is as large as what waited for it (the store cuts its UPDATE to fit a packet): its
  // size, not the number of transactions, follows the load when the log flush is slow.
  const writeRow = createTurnBatcher((writes: CommitWrite[]) => sessions.writeCommits(writes), { maxInFlight: 1, maxBatch: 1000 });

  // A package version's content (its manifest) never changes once imported: every launch and
  // attempt open of the same version reads and parses it once per process (the runtime uses only
  // what the version holds, never the package row's mutable settings). Bounded in count and
  // size; a failed read is not kept.
  const versionContent = readOnceCache(
    VERSION_CACHE_LIMIT,
    (contentId) => deps.versions!.content(contentId),
    // Large manifests (thousands of items) are read each time rather than kept.
    (found) => found !== undefined && found.sco_count + found.asset_count <= VERSION_CACHE_MAX_ITEMS,
  );

  /** The version the registration runs (a newer one only after its policy moved it). */
  async function packageOf(registration: RegistrationRecord): Promise<PackageDetail> {
    const pkg = deps.versions ? await versionContent(registration.contentId) : await packages.get(registration.packageId);
    if (!pkg) throw packageNotFound('The package of this registration');
    return pkg;
  }

  function defaultOrganization(pkg: PackageDetail): Organization {
    const orgs = pkg.organizations as Organization[];
    return orgs.find((o) => o.identifier === pkg.default_organization) ?? orgs[0]!;
  }

  /** The buckets a commit's adl.data writes go to (read only when a commit writes shared data). */
  async function scopeOf(registrationId: string, known: RegistrationRecord | undefined): Promise<SharedScope> {
    // The record the commit was authorised with, when given, is as fresh as a read here.
    const registration = deps.registrations && (known?.id === registrationId ? known : await deps.registrations.get(registrationId));
    // The shared data maps of the version the registration runs.
    const pkg = registration ? await packageOf(registration).catch(() => undefined) : undefined;
    if (!registration || !pkg) return { key: `registration:${registrationId}`, registrationId };
    return sharedScope(defaultOrganization(pkg), registration.learner.id, registrationId);
  }

  /** The registration's or its package's "trace" switch. */
  async function traceOn(registrationId: string): Promise<boolean> {
    const switches = await deps.launches?.traceSwitches(registrationId);
    return switches !== undefined && (switches.registration || switches.package);
  }

  /** What a commit or a closing beacon tells of its launch: errors returned to the SCO, a trace part. */
  async function keepReport(launchId: string, registrationId: string, report: LaunchReport | undefined): Promise<void> {
    if (!deps.launches || !report) return;
    if (report.errors?.length || report.more_errors) await deps.launches.addErrors(launchId, registrationId, report.errors ?? [], report.more_errors ?? 0);
    if (report.trace) await deps.launches.addTracePart(launchId, registrationId, report.trace, now());
  }

  /** The SCO terminated: its launch ends with what it said on the way out (cmi.exit, suspendAll). */
  async function endOnTerminate(registrationId: string, input: CommitBody, fields: Partial<SessionRow>): Promise<void> {
    if (!deps.launches) return;
    const navRequest = (JSON.parse(fields.data_json!) as ModelSnapshot).values['adl.nav.request'];
    await deps.launches.end(input.session_id, registrationId, {
      reason: exitOnTerminate(fields.exit_value ?? '', navRequest),
      at: now(),
      counters: { commitCount: fields.launch_commits!, bytesReceived: fields.launch_bytes! },
      ...(fields.session_time_seconds !== undefined ? { sessionTimeSeconds: fields.session_time_seconds } : {}),
    });
  }

  // The registration's attempts by their summary columns, for the commits and launches of a turn at once.
  const readProgressRows = createTurnBatcher((ids: string[]) => sessions.progressRowsMany(ids).then(fulfilledAll));
  const progressEventsOf: ProgressEventsOf =
    deps.progressEvents && deps.registrations
      ? createProgressEventSource({ config: deps.progressEvents, registrations: deps.registrations, progressRows: readProgressRows, now, newId })
      : async () => [];

  function launchableItem(pkg: PackageDetail, identifier: string): Item {
    const item = findItem(defaultOrganization(pkg).items as Item[], identifier);
    if (!item || !item.launch_url) throw notFound(`The item "${identifier}"`, 'ITEM_NOT_FOUND');
    return item;
  }

  return {
    async launchData(registration: RegistrationRecord, claims: LaunchClaims, contentBase: string, autoCommitSeconds: number): Promise<LaunchData> {
      // The three reads at once; the attempts by their summary columns only (a registration's
      // attempts each carry their suspend data and data model, which the player reads per SCO
      // when it opens one).
      const [pkg, rows, sequencingState, trace] = await Promise.all([
        packageOf(registration),
        readProgressRows(registration.id),
        sessions.sequencingState(registration.id),
        traceOn(registration.id),
      ]);
      const latest = new Map<string, ProgressRow>();
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
        sequencing_state: sequencingState as SequencingState | null,
        scos,
        trace,
      };
    },

    /** Opens the SCO's attempt: resumes it, or starts the next one, as each version says. */
    /**
     * `newTreeAttempt`: the player's delivery began a new attempt on the activity tree; the
     * buckets kept to this registration (sharedDataGlobalToSystem="false") live as long as one
     * such attempt and start empty (CTS DDM 1bV2); the learner's global buckets stay.
     */
    async openAttempt(registration: RegistrationRecord, claims: LaunchClaims, itemIdentifier: string, options: { newTreeAttempt?: boolean; userAgent?: string } = {}): Promise<AttemptAnswer> {
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
      const launch = {
        id: sessionId, registrationId: registration.id, packageId: registration.packageId, itemIdentifier, mode: claims.mode,
        userAgent: options.userAgent ?? '', traced: await traceOn(registration.id), startedAt: at,
      };
      // Review records nothing: the latest attempt as stored, read outside any transaction. Its
      // launch is history all the same (who looked, when, what the SCO called).
      if (claims.mode === 'review') {
        const decision = decideReview(await sessions.latest(registration.id, itemIdentifier));
        await deps.launches?.open({ ...launch, attempt: decision.attempt });
        return { session_id: sessionId, attempt: decision.attempt, context: contextFor(decision) };
      }
      // The launch row rides in the opening's transaction when the store can write it there.
      const launchRowAlong = deps.launches !== undefined && sessions.writesLaunches;
      let opened: LaunchOpening | undefined;
      const answer = await sessions.openAttempt<AttemptAnswer>(registration.id, itemIdentifier, at, (latest) => {
        const decision = decideAttempt(latest, version);
        opened = launchOpening({ ...launch, attempt: decision.attempt }, latest, registration, at);
        const launchAlong = launchRowAlong ? { launch: opened } : {};
        const context = contextFor(decision);
        const state = initialState(context);
        const fields = {
          ...sessionColumns(state),
          entry: decision.entry,
          data_json: snapshotJson(state),
          current_session_id: sessionId,
          commit_sequence: 0,
          launch_commits: 0,
          launch_bytes: 0,
          updated_at: at,
        };
        recentRows.delete(rowKey(registration.id, itemIdentifier, decision.attempt));
        const result: AttemptAnswer = { session_id: sessionId, attempt: decision.attempt, context };
        const owner: RunOwner = { learner: registration.learner, titles: { course: pkg.title, sco: item.title } };
        if (deps.xapi) rememberOwner(registration.id, { learner: registration.learner, titles: { course: pkg.title } });
        const eventsFor = (row: SessionRow) => (deps.xapi ? { events: deps.xapi.opening(row, owner, sessionId, decision.entry, at) } : {});
        if (!decision.fresh) {
          const update = { ...fields, session_count: latest!.session_count + 1 };
          return { opening: { kind: 'update', row: latest!, fields: update }, result, ...eventsFor({ ...latest!, ...update }), ...launchAlong };
        }
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
        return { opening: { kind: 'insert', row }, result, ...eventsFor(row), ...launchAlong };
      });
      const recorded = opened as LaunchOpening | undefined;
      if (!launchRowAlong && recorded) await deps.launches?.open(recorded.launch, recorded.superseded);
      return answer;
    },

    /**
     * Applies one commit. Optimistic: read the attempt, check and compute, then write it with a
     * guard on its row_version; a commit that lost a race re-reads and decides again (a replay is
     * then recognised as such).
     */
    /**
     * `bytes`: the commit's size as received, counted on its launch. `registration`: the record
     * the request was authorised with, when the caller has it (saves reading it again).
     */
    async commit(registrationId: string, input: CommitBody, mode: LaunchClaims['mode'] = 'normal', bytes = 0, registration?: RegistrationRecord): Promise<CommitAnswer> {
      // Review records nothing (decideReview); the SCO's calls are acknowledged. Its launch
      // counts them (one write per commit, in review only).
      if (mode === 'review') {
        if (deps.launches) {
          await deps.launches.countCommit(input.session_id, registrationId, bytes);
          await keepReport(input.session_id, registrationId, input.launch);
          if (input.reason === 'terminate') await deps.launches.end(input.session_id, registrationId, { reason: exitOnTerminate(lastValue(input, 'cmi.exit', 'cmi.core.exit'), lastValue(input, 'adl.nav.request')), at: now() });
        }
        return { ok: true, applied: false, sequence: input.sequence };
      }
      const key = rowKey(registrationId, input.item, input.attempt);
      for (let round = 1; ; round++) {
        // The row this process wrote last saves a read per commit. It may be stale (another
        // process or tab wrote since): the row_version guard of the write catches that, and no
        // refusal is ever given from a cached row without reading the table again.
        const cached = recentRows.get(key);
        const row = cached?.row ?? (await findRow({ registrationId, item: input.item, attempt: input.attempt }));
        const verdict = checkCommit(row, input, now(), cached?.state);
        // A cached row is never ahead of the table, so a replay it recognises is a replay.
        if (verdict.kind === 'replay') return { ok: true, applied: false, sequence: verdict.sequence };
        if (verdict.kind === 'refused') {
          recentRows.delete(key);
          if (cached) continue;
          throw verdict.error;
        }
        // The launch's counters ride on the attempt row's own update: no statement of their own.
        const counted = { ...verdict.write, fields: { ...verdict.write.fields, launch_commits: row!.launch_commits + 1, launch_bytes: row!.launch_bytes + bytes } };
        let write: CommitWrite = counted.shared.length > 0 ? { ...counted, sharedScope: await scopeOf(registrationId, registration) } : counted;
        const events = await progressEventsOf(registrationId, write, registration);
        if (events.length > 0) write = { ...write, events: [...(write.events ?? []), ...events] };
        if (deps.xapi) {
          const statements = await deps.xapi.commit(write, input, () => ownerOf(registrationId), now());
          if (statements.length > 0) write = { ...write, events: [...(write.events ?? []), ...statements] };
        }
        if (await writeRow(write)) {
          remember(key, { ...write.row, ...write.fields, row_version: write.row.row_version + 1 } as SessionRow, verdict.state);
          await keepReport(input.session_id, registrationId, input.launch);
          if (input.reason === 'terminate') await endOnTerminate(registrationId, input, write.fields);
          return { ok: true, applied: true, sequence: input.sequence };
        }
        recentRows.delete(key);
        if (round >= 5) throw conflict('CONCURRENT_UPDATE', 'The attempt kept changing during the commit; send it again.');
      }
    },

    /**
     * A closing page's last word on a launch: window closed, unless its SCO terminated (or still
     * does from its unload handler); what its recorder still held is kept.
     */
    async closeLaunch(registrationId: string, closed: ClosedLaunch): Promise<void> {
      if (!deps.launches) return;
      const launch = await deps.launches.get(closed.session_id);
      if (!launch || launch.registrationId !== registrationId) return;
      await keepReport(launch.id, registrationId, closed.launch);
      const row = launch.mode === 'review' ? undefined : await sessions.find(registrationId, launch.itemIdentifier, launch.attempt);
      const counters = row?.current_session_id === launch.id ? { commitCount: row.launch_commits, bytesReceived: row.launch_bytes } : undefined;
      await deps.launches.end(launch.id, registrationId, { reason: 'window_closed', at: now(), ...(counters ? { counters } : {}) });
    },

    async saveSequencingState(registration: RegistrationRecord, state: unknown): Promise<void> {
      await sessions.saveSequencingState(registration.id, state, now());
    },
  };
}

/** The last value a commit set on the first of `elements` it names ('' when none). */
function lastValue(input: CommitBody, ...elements: string[]): string {
  for (let i = input.changes.length - 1; i >= 0; i--) {
    const [element, value] = input.changes[i]!;
    if (elements.includes(element)) return value;
  }
  return '';
}

export type RuntimeService = ReturnType<typeof createRuntimeService>;

/**
 * The launch an opening records, and the end of the launch that had the SCO's latest attempt
 * (decision 0010): stale, or timed out when it had been idle that long; its counters are final
 * now.
 */
function launchOpening(launch: NewLaunch, before: SessionRow | undefined, registration: RegistrationRecord, at: number): LaunchOpening {
  if (!before?.current_session_id) return { launch };
  return {
    launch,
    superseded: {
      id: before.current_session_id,
      end: {
        reason: exitOnSupersede(Math.max(before.updated_at, registration.lastAccessedAt ?? 0), at),
        at,
        counters: { commitCount: before.launch_commits, bytesReceived: before.launch_bytes },
      },
    },
  };
}
