// The run-time session core both API facades share: the communication state machine, the last
// error, the data model and the change log, and the commit hook (1.2 RTE §3.3.2; 2004 RTE §3.1).
import type { Change } from '../cmi/apply-values.ts';
import { getValue as readModel, modelFor, setValue as writeModel, type NavValidity } from '../cmi/data-model.ts';
import { resolveElement } from '../cmi/element-path.ts';
import { endSession, type SessionEnd } from '../cmi/end-of-session.ts';
import { errorCode, errorString, type ErrorName, type ScormVersion } from '../cmi/error-codes.ts';
import { cloneState, snapshotOf, type ModelSnapshot, type ModelState } from '../cmi/model-state.ts';
import { ChangeLog } from './change-log.ts';
import { describeError, type Refusal } from './diagnostic.ts';
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

/** The API function names of each version, for diagnostics. */
const CALLS = {
  '1.2': { initialize: 'LMSInitialize', terminate: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit' },
  '2004': { initialize: 'Initialize', terminate: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit' },
} as const;
type Call = keyof (typeof CALLS)['1.2'];

/**
 * An argument as the session reads it. Content often calls Initialize() / LMSFinish() with no
 * argument, so undefined and null read as ""; numbers and booleans as their text.
 */
function text(a: unknown): string | null {
  if (a === undefined || a === null) return '';
  if (typeof a === 'string') return a;
  if (typeof a === 'number' || typeof a === 'boolean') return String(a);
  return null;
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

  initialize(raw: unknown): boolean {
    const v12 = this.version === '1.2';
    const at = this.at('initialize', raw);
    const arg = text(raw);
    // 1.2: the argument is checked first (digest 1.2 §2); 2004: Terminated first, then the argument.
    if (this.state === 'terminated' && !v12) return this.fail('initAfterTerminate', at);
    if (arg !== '') return this.fail(this.state === 'terminated' ? 'initAfterTerminate' : 'invalidArgument', at);
    if (this.state === 'running') return this.fail('alreadyInitialized', at);
    if (this.state === 'terminated') return this.fail('initAfterTerminate', at);
    this.state = 'running';
    this.startedAt = this.now();
    return this.succeed();
  }

  terminate(raw: unknown): boolean {
    const at = this.at('terminate', raw);
    if (this.state !== 'running') return this.fail(STATE_ERRORS.terminate[this.state], at);
    if (text(raw) !== '') return this.fail('invalidArgument', at);
    // Computed on a copy: if the commit fails the session stays running, and a retry must not add the time twice.
    const next = cloneState(this.model);
    const end = endSession(next, Math.max(0, Math.round((this.now() - this.startedAt) / 10)));
    if (!this.send('terminate', end)) return this.fail(this.version === '1.2' ? 'general' : 'commitFailure', at);
    this.model = next;
    this.end = end;
    this.state = 'terminated';
    return this.succeed();
  }

  getValue(rawName: unknown): string {
    const name = text(rawName) ?? '';
    const at: Refusal = { call: CALLS[this.version].get, element: rawName, hasValue: false };
    if (this.state === 'terminated' || (this.state === 'not-initialized' && (this.version === '1.2' || name !== ''))) {
      this.fail(STATE_ERRORS.get[this.state], at);
      return '';
    }
    const result = readModel(this.model, name, this.env);
    if (result.error === 'none') this.succeed();
    else this.fail(result.error, at);
    return result.value;
  }

  /** `value` should be a string; numbers and booleans are taken as their string, anything else is 201. */
  setValue(rawName: unknown, value: unknown): boolean {
    const name = text(rawName) ?? '';
    const at: Refusal = { call: CALLS[this.version].set, element: rawName, value, hasValue: true };
    if (this.state !== 'running') return this.fail(STATE_ERRORS.set[this.state], at);
    const given = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
    if (given === null) return this.fail('invalidArgument', at);
    const error = writeModel(this.model, name, given);
    if (error !== 'none') return this.fail(error, at);
    const r = resolveElement(modelFor(this.version), name);
    this.log.record(name, given, r.kind === 'element' && r.rule.ordered === true);
    return this.succeed();
  }

  commit(raw: unknown): boolean {
    const v12 = this.version === '1.2';
    const at = this.at('commit', raw);
    // 2004: SRTE checks the argument before Not Initialized; 1.2: state first.
    if (this.state === 'terminated' || (v12 && this.state === 'not-initialized')) return this.fail(STATE_ERRORS.commit[this.state], at);
    if (text(raw) !== '') return this.fail('invalidArgument', at);
    if (this.state === 'not-initialized') return this.fail('commitBeforeInit', at);
    if (!this.send('commit')) return this.fail(v12 ? 'general' : 'commitFailure', at);
    return this.succeed();
  }

  /** An LMS-driven save (timer, page hidden); leaves the SCO's error state alone. */
  flush(reason: CommitReason = 'autosave'): boolean {
    return this.log.size === 0 || this.send(reason);
  }

  /** Something the SCO passed made a call fail outside the rules (see api-guard.ts). */
  failGeneral(error: unknown): void {
    this.fail('general', { call: 'the API', value: error instanceof Error ? error.message : String(error), hasValue: true });
  }

  lastError(): string {
    return this.errorNumber;
  }

  errorString(code: unknown): string {
    return errorString(this.version, text(code) ?? '');
  }

  /** `""` or the current code describe the last error; another known code gives its name. */
  diagnostic(code: unknown): string {
    const c = text(code) ?? '';
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

  /** Initialize, Terminate and Commit take one argument: "" (shown only when it was not). */
  private at(call: Exclude<Call, 'get' | 'set'>, raw: unknown): Refusal {
    return { call: CALLS[this.version][call], value: raw, hasValue: raw !== undefined && raw !== '' };
  }

  private fail(error: ErrorName, refusal: Refusal): false {
    this.error = error;
    this.errorNumber = String(errorCode(this.version, error));
    this.detail = describeError(modelFor(this.version), error, refusal);
    return false;
  }
}
