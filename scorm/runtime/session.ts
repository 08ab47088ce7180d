// The run-time session core both API facades share: the communication state machine, the last
// error, the data model and the change log, and the commit hook (1.2 RTE §3.3.2; 2004 RTE §3.1).
import type { Change } from '../cmi/apply-values.ts';
import { getValue as readModel, modelFor, setValue as writeModel, type NavValidity } from '../cmi/data-model.ts';
import { resolveElement } from '../cmi/element-path.ts';
import { endSession, type SessionEnd } from '../cmi/end-of-session.ts';
import { errorCode, errorString, type ErrorName, type ScormVersion } from '../cmi/error-codes.ts';
import { cloneState, snapshotOf, type ModelSnapshot, type ModelState } from '../cmi/model-state.ts';
import { ChangeLog } from './change-log.ts';
import { describeError } from './diagnostic.ts';
import { initialState, type LaunchContext } from './launch-context.ts';

export type SessionState = 'not-initialized' | 'running' | 'terminated';
export type CommitReason = 'commit' | 'terminate' | 'autosave';

/** Persists the changes; true once they are safe. `end` comes with reason 'terminate' only. */
export type CommitHook = (changes: readonly Change[], reason: CommitReason, end?: SessionEnd) => boolean;

export interface SessionOptions {
  readonly onCommit?: CommitHook;
  readonly navigationValidity?: (request: string) => NavValidity;
  /** Milliseconds clock for the LMS's own session time. */
  readonly now?: () => number;
}

/** [1.2 condition, 2004 condition] per call and state. */
const STATE_ERRORS = {
  get: { 'not-initialized': 'getBeforeInit', terminated: 'getAfterTerminate' },
  set: { 'not-initialized': 'setBeforeInit', terminated: 'setAfterTerminate' },
  commit: { 'not-initialized': 'commitBeforeInit', terminated: 'commitAfterTerminate' },
  terminate: { 'not-initialized': 'terminateBeforeInit', terminated: 'terminateAfterTerminate' },
} as const satisfies Record<string, Record<Exclude<SessionState, 'running'>, ErrorName>>;

export class RuntimeSession {
  readonly version: ScormVersion;
  state: SessionState = 'not-initialized';
  /** The end-of-session values, once Terminate/LMSFinish succeeded. */
  end: SessionEnd | null = null;
  private model: ModelState;
  private readonly log = new ChangeLog();
  private error: ErrorName = 'none';
  private errorNumber = '0';
  private detail = '';
  private startedAt = 0;
  private readonly env: { navigationValidity?: (request: string) => NavValidity };

  constructor(context: LaunchContext, private readonly options: SessionOptions = {}) {
    this.version = context.version;
    this.model = initialState(context);
    this.env = options.navigationValidity ? { navigationValidity: options.navigationValidity } : {};
  }

  initialize(arg: string): boolean {
    const v12 = this.version === '1.2';
    // 1.2: the argument is checked first (digest 1.2 §2); 2004: Terminated first, then the argument.
    if (this.state === 'terminated' && !v12) return this.fail('initAfterTerminate');
    if (arg !== '') return this.fail(this.state === 'terminated' ? 'initAfterTerminate' : 'invalidArgument');
    if (this.state === 'running') return this.fail('alreadyInitialized');
    if (this.state === 'terminated') return this.fail('initAfterTerminate');
    this.state = 'running';
    this.startedAt = this.now();
    return this.succeed();
  }

  terminate(arg: string): boolean {
    if (this.state !== 'running') return this.fail(STATE_ERRORS.terminate[this.state]);
    if (arg !== '') return this.fail('invalidArgument');
    // Computed on a copy: if the commit fails the session stays running, and a retry must not add the time twice.
    const next = cloneState(this.model);
    const end = endSession(next, Math.max(0, Math.round((this.now() - this.startedAt) / 10)));
    if (!this.send('terminate', end)) return this.fail(this.version === '1.2' ? 'general' : 'commitFailure');
    this.model = next;
    this.end = end;
    this.state = 'terminated';
    return this.succeed();
  }

  getValue(name: string): string {
    if (this.state === 'terminated' || (this.state === 'not-initialized' && (this.version === '1.2' || name !== ''))) {
      this.fail(STATE_ERRORS.get[this.state], null);
      return '';
    }
    const result = readModel(this.model, name, this.env);
    if (result.error === 'none') this.succeed();
    else this.fail(result.error, name);
    return result.value;
  }

  /** `value` should be a string; numbers and booleans are taken as their string, anything else is 201. */
  setValue(name: string, value: unknown): boolean {
    if (this.state !== 'running') return this.fail(STATE_ERRORS.set[this.state], null);
    if (typeof value !== 'string') {
      if (typeof value !== 'number' && typeof value !== 'boolean') return this.fail('invalidArgument', name);
      value = String(value);
    }
    const text = value as string;
    const error = writeModel(this.model, name, text);
    if (error !== 'none') return this.fail(error, name, text);
    const r = resolveElement(modelFor(this.version), name);
    this.log.record(name, text, r.kind === 'element' && r.rule.ordered === true);
    return this.succeed();
  }

  commit(arg: string): boolean {
    const v12 = this.version === '1.2';
    // 2004: SRTE checks the argument before Not Initialized; 1.2: state first.
    if (this.state === 'terminated' || (v12 && this.state === 'not-initialized')) return this.fail(STATE_ERRORS.commit[this.state]);
    if (arg !== '') return this.fail('invalidArgument');
    if (this.state === 'not-initialized') return this.fail('commitBeforeInit');
    if (!this.send('commit')) return this.fail(v12 ? 'general' : 'commitFailure');
    return this.succeed();
  }

  /** An LMS-driven save (timer, page hidden); leaves the SCO's error state alone. */
  flush(reason: CommitReason = 'autosave'): boolean {
    return this.log.size === 0 || this.send(reason);
  }

  lastError(): string {
    return this.errorNumber;
  }

  errorString(code: string): string {
    return errorString(this.version, String(code));
  }

  /** `""` or the current code describe the last error; another known code gives its name. */
  diagnostic(code: string): string {
    const c = String(code);
    if (c === '' || c === this.errorNumber) return this.detail || errorString(this.version, this.errorNumber);
    return errorString(this.version, c);
  }

  snapshot(): ModelSnapshot {
    return snapshotOf(this.model);
  }

  pendingChanges(): Change[] {
    return this.log.pending();
  }

  private send(reason: CommitReason, end?: SessionEnd): boolean {
    if (this.log.size === 0 && end === undefined) return true;
    const changes = this.log.pending();
    const hook = this.options.onCommit;
    let stored: boolean;
    try {
      stored = hook === undefined ? true : hook(changes, reason, end) === true;
    } catch {
      stored = false;
    }
    if (stored) this.log.acknowledge(changes.length);
    return stored;
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  private succeed(): true {
    if (this.error !== 'none') {
      this.error = 'none';
      this.errorNumber = '0';
      this.detail = '';
    }
    return true;
  }

  private fail(error: ErrorName, element: string | null = null, value: string | null = null): false {
    this.error = error;
    this.errorNumber = String(errorCode(this.version, error));
    this.detail = describeError(modelFor(this.version), error, element, value);
    return false;
  }
}
