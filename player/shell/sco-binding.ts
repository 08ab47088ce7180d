// One delivered SCO's run-time binding: its session behind window.API / API_1484_11, each commit
// handed to the commit sender, the results at Terminate handed to sequencing first, and the
// SCO's timers (auto-commit, time limit). No DOM beyond the window the API lives on.
import type { SessionEnd } from '../../scorm/cmi/end-of-session.ts';
import { createApi12 } from '../../scorm/runtime/api-12.ts';
import { createApi2004 } from '../../scorm/runtime/api-2004.ts';
import type { LaunchContext } from '../../scorm/runtime/launch-context.ts';
import { RuntimeSession } from '../../scorm/runtime/session.ts';
import type { NavigationRequest, RuntimeResult, SequencingState } from '../../scorm/sequencing/index.ts';
import type { ClosedLaunch } from '../../contract/launches.ts';
import type { PendingCommit } from '../transport/commit-body.ts';
import { LaunchRecorder } from '../transport/launch-recorder.ts';
import { exposeApi } from './api-exposure.ts';
import { recordedApi } from './recorded-api.ts';
import { provisionalResult, runtimeResult } from './runtime-result.ts';
import { pick } from './sco-checks.ts';
import { timeLimitOf, type TimeLimit } from './time-limit.ts';

export interface ScoBindingDeps {
  window: Window;
  id: string;
  sessionId: string;
  attempt: number;
  context: LaunchContext;
  commit: (input: PendingCommit) => boolean;
  /** SCORM_AUTO_COMMIT_INTERVAL in seconds; 0 turns it off. */
  autoCommitSeconds: number;
  /** At Terminate, before the commit leaves: tracking takes the results (SN 4.2); the state travels with it. */
  /** `sco`: the SCO's own adl.nav.request and cmi.exit, for what the sequencer should see (exitSeenBySequencer). */
  onTerminated: (result: RuntimeResult, sco: { navRequest?: string | undefined; cmiExit?: string | undefined }) => SequencingState;
  /** In a later task than Terminate, so the SCO's call returns first. */
  afterTerminate: (end: SessionEnd) => void;
  /** After a Commit, in a later task: what the SCO reported so far. */
  onReported: (result: RuntimeResult) => void;
  /** adl.nav.request_valid.* (2004 RTE 4.4.3). */
  requestValid: (request: string) => 'true' | 'false' | 'unknown';
  /** cmi.max_time_allowed reached with an action that tells or exits. */
  onTimeLimit: (limit: TimeLimit) => void;
  /** Record every API call (the launch data's `trace`); errors returned to the SCO are always reported. */
  traced?: boolean;
  /** Milliseconds for the trace's timestamps (performance.now in the page). */
  clock?: () => number;
}

export class ScoBinding {
  readonly session: RuntimeSession;
  /** The attempt is over for the player: terminated, abandoned or failed to load. */
  ended = false;
  private readonly timers: number[] = [];
  private readonly recorder: LaunchRecorder;

  constructor(private readonly deps: ScoBindingDeps) {
    const w = deps.window;
    this.recorder = new LaunchRecorder(deps.traced === true, deps.clock ?? (() => Date.now()));
    this.session = new RuntimeSession(deps.context, {
      onCommit: (changes, reason, end) => {
        let sequencingState: SequencingState | undefined;
        if (reason === 'terminate' && end) {
          // At Terminate: report the attempt's results first (SN 4.2 tracking), then navigate.
          const snapshot = this.session.snapshot();
          sequencingState = deps.onTerminated(runtimeResult(end, snapshot), { navRequest: end.navRequest, cmiExit: snapshot.values['cmi.exit'] });
          this.ended = true;
          w.setTimeout(() => {
            this.stop();
            deps.afterTerminate(end);
          }, 0);
        } else {
          w.setTimeout(() => {
            if (!this.ended && this.session.state === 'running') deps.onReported(provisionalResult(this.session.snapshot()));
          }, 0);
        }
        const launch = this.recorder.take();
        return deps.commit({
          sessionId: deps.sessionId, item: deps.id, attempt: deps.attempt, changes, reason,
          ...(end ? { end } : {}), ...(sequencingState ? { sequencingState } : {}), ...(launch ? { launch } : {}),
        });
      },
      navigationValidity: (request) => deps.requestValid(request),
    });
    const lastError = () => this.session.lastError();
    if (deps.context.version === '1.2') exposeApi(w, { version: '1.2', api: recordedApi(createApi12(this.session), this.recorder, lastError) });
    else exposeApi(w, { version: '2004', api: recordedApi(createApi2004(this.session), this.recorder, lastError) });
    this.startTimers();
  }

  get id(): string {
    return this.deps.id;
  }

  get sessionId(): string {
    return this.deps.sessionId;
  }

  /**
   * Suspend all asks the SCO's data to be kept for resume: 2004 adl.nav.request = suspendAll
   * (RTE 4.4.2), 1.2 cmi.core.exit = suspend. Called before the SCO's frame goes away.
   */
  prepareLeave(request: NavigationRequest): void {
    if (request.type !== 'suspendAll' || this.session.state !== 'running') return;
    if (this.session.version === '1.2') this.session.setValue('cmi.core.exit', 'suspend');
    else this.session.setValue('adl.nav.request', 'suspendAll');
  }

  /**
   * After the frame is gone: a SCO that did not call Terminate / LMSFinish from its unload
   * handlers is ended by the player as if it had (the data it set is kept). False when not even
   * the player could end it (it never initialized): nothing to report.
   */
  endByPlayer(): boolean {
    if (this.session.state === 'running') this.session.terminate('');
    if (this.session.state === 'terminated') return true;
    this.ended = true;
    this.stop();
    return false;
  }

  /**
   * The page is going away: this launch's last word for the closing beacon (window closed,
   * unless the SCO terminates after all), with what the recorder still holds.
   */
  closing(): ClosedLaunch {
    const launch = this.recorder.take();
    return { session_id: this.deps.sessionId, ...(launch ? { launch } : {}) };
  }

  /** Dirty data saved now (the page is hiding, or a timer). */
  flush(): void {
    if (this.session.state === 'running') this.session.flush('autosave');
  }

  /** The SCO did not load: its timers stop and nothing more is reported. */
  abort(): void {
    this.ended = true;
    this.stop();
  }

  stop(): void {
    for (const t of this.timers) this.deps.window.clearInterval(t);
    this.timers.length = 0;
  }

  private startTimers(): void {
    const w = this.deps.window;
    const every = this.deps.autoCommitSeconds;
    // SCORM_AUTO_COMMIT_INTERVAL: dirty data is saved while the SCO runs.
    if (every > 0) this.timers.push(w.setInterval(() => this.flush(), every * 1000));
    const s = this.session;
    const limit = timeLimitOf(s.version === '1.2'
      ? { version: '1.2', ...pick(s, 'cmi.student_data.max_time_allowed', 'cmi.student_data.time_limit_action', 'cmi.core.total_time') }
      : { version: '2004', ...pick(s, 'cmi.max_time_allowed', 'cmi.time_limit_action', 'cmi.total_time') });
    if (limit) {
      this.timers.push(w.setTimeout(() => {
        if (!this.ended) this.deps.onTimeLimit(limit);
      }, limit.remainingMs));
    }
  }
}
