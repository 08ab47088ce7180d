// GetDiagnostic text for the last error: the call, the element, the value received (its type and a
// short excerpt) and the rule it broke with its spec section, within the 255 characters both
// versions allow (1.2 RTE §3.3.2.1; 2004 RTE §3.1 GetDiagnostic; A-3, A-23).
import type { ErrorName, ScormVersion } from '../cmi/error-codes.ts';
import { DATA_TYPES } from '../cmi/data-types.ts';
import { resolveElement } from '../cmi/element-path.ts';
import type { DataModelDefinition } from '../cmi/element-rule.ts';
import { INTERACTIONS_LIMIT } from '../cmi/data-model.ts';

/** What the SCO passed to the call that failed. */
export interface Refusal {
  /** The API function as the SCO called it: "LMSSetValue", "Terminate"... */
  call: string;
  /** The element name, for GetValue / SetValue (as received, before any conversion; present even when undefined). */
  element?: unknown;
  /** SetValue's value, or the argument of Initialize / Terminate / Commit, as received. */
  value?: unknown;
  /** Whether `value` was passed at all (a SetValue always has one, even undefined). */
  hasValue: boolean;
}

type Rule = string | ((version: ScormVersion) => string);

const API = (v: ScormVersion) => (v === '1.2' ? '1.2 RTE §3.3.2.1' : '2004 RTE §3.1');
const STATES = (v: ScormVersion) => (v === '1.2' ? '1.2 RTE §3.3.2.2, A-1' : '2004 RTE §3.1 session states');
const MODEL = (v: ScormVersion) => (v === '1.2' ? '1.2 RTE §3.4.3' : '2004 RTE §4.1.1');

const RULES: Partial<Record<ErrorName, Rule>> = {
  general: (v) => `the call could not be carried out (${API(v)})`,
  alreadyInitialized: (v) => `Initialize may be called once per session (${STATES(v)})`,
  initAfterTerminate: (v) => `the session has ended; a new launch is needed (${STATES(v)})`,
  terminateBeforeInit: (v) => `Terminate needs an initialized session (${STATES(v)})`,
  terminateAfterTerminate: (v) => `the session has already ended (${STATES(v)})`,
  getBeforeInit: (v) => `GetValue needs an initialized session (${STATES(v)})`,
  getAfterTerminate: (v) => `the session has ended: no data can be read (${STATES(v)})`,
  setBeforeInit: (v) => `SetValue needs an initialized session (${STATES(v)})`,
  setAfterTerminate: (v) => `the session has ended: no data can be stored (${STATES(v)})`,
  commitBeforeInit: (v) => `Commit needs an initialized session (${STATES(v)})`,
  commitAfterTerminate: (v) => `the session has ended: nothing more to commit (${STATES(v)})`,
  getNotSpecified: (v) => `an element name is required (${API(v)}, A-7)`,
  setNotSpecified: (v) => `an element name is required (${API(v)}, A-7)`,
  noChildren: (v) => `this element has no _children (${MODEL(v)})`,
  notArray: (v) => `this element is not a collection and has no _count (${MODEL(v)})`,
  noVersion: (v) => `_version exists only on cmi (${MODEL(v)})`,
  getOutOfRange: (v) => `the index is not below _count (${MODEL(v)}, A-9)`,
  setOutOfOrder: (v) => `the index is past _count; records are added at _count (${MODEL(v)}, A-9)`,
  uniqueViolation: 'the id must be unique in its collection (2004 RTE §4.1.1.3, A-39)',
  writeOnce: 'the id is already set and cannot change (2004 RTE §4.1.1.3, A-39)',
  maximumExceeded: 'the collection or value is at its maximum (2004 RTE §4.1.1.3)',
  interactionsFull: `cmi.interactions is at its maximum: ${INTERACTIONS_LIMIT} records per attempt (2004 RTE §4.1.1.3)`,
  badNavTarget: 'a {target=<activity id>} is required (2004 RTE adl.nav.request_valid, A-36)',
  undefinedElement: (v) => `not an element of the data model (${MODEL(v)}, A-6)`,
  unknownLeaf: (v) => `not an element of this category (${MODEL(v)}, A-6)`,
  notInitialized: 'no value has been set yet (2004 RTE §3.1, 403)',
  keywordWrite: (v) => `_children, _count and _version are read only (${MODEL(v)})`,
  dependency: 'set the id (or the interaction type) first (2004 RTE §4.1.1.3, 408)',
  commitFailure: 'the data could not be stored; try again (2004 RTE §3.1, A-22)',
  terminateFailure: 'the session could not end; try again (2004 RTE §3.1)',
};

/** The type of a received value and up to 40 characters of it: `string "abc"`, `undefined`, `number 12`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 40 ? `${value.slice(0, 40)}…" (${value.length} characters)` : `${value}"`;
      return value === '' ? 'an empty string' : `string "${shown}`;
    }
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    default:
      return `a ${typeof value}`;
  }
}

/** The rule an error breaks, with the element's own rule (type, range, access) where it has one. */
function ruleFor(model: DataModelDefinition, error: ErrorName, refusal: Refusal): string {
  const name = typeof refusal.element === 'string' ? refusal.element : '';
  const r = name === '' ? null : resolveElement(model, name);
  const rule = r?.kind === 'element' ? r.rule : null;
  const v = model.version;
  switch (error) {
    case 'invalidArgument':
      if (refusal.call.endsWith('SetValue')) {
        // SetValue with a value that is no string (A-16: numbers and booleans are taken as text).
        return `the value must be a string${rule ? `, ${DATA_TYPES[rule.type].cite} (${rule.cite})` : ` (${API(v)})`}`;
      }
      return `the argument must be an empty string (${API(v)})`;
    case 'typeMismatch':
      return rule ? `expected ${DATA_TYPES[rule.type].cite} (${rule.cite})` : `the value has the wrong type (${MODEL(v)})`;
    case 'outOfRange':
      return rule?.range ? `the number must lie in [${rule.range.map((b) => b ?? '').join(', ')}] (${rule.cite})` : `the value is out of range (${MODEL(v)})`;
    case 'readOnly':
      return `the element is read only${rule ? ` (${rule.cite})` : ` (${MODEL(v)})`}`;
    case 'writeOnly':
      return `the element is write only${rule ? ` (${rule.cite})` : ` (${MODEL(v)})`}`;
    default: {
      const text = RULES[error];
      return typeof text === 'function' ? text(v) : (text ?? '');
    }
  }
}

export function describeError(model: DataModelDefinition, error: ErrorName, refusal: Refusal): string {
  const parts: string[] = [];
  const element = refusal.element;
  const target = !('element' in refusal) ? refusal.call : typeof element === 'string' && element !== '' ? `${refusal.call} ${element}` : `${refusal.call} (element ${describeValue(element)})`;
  const received = refusal.hasValue ? `received ${describeValue(refusal.value)}` : '';
  parts.push(received ? `${target}: ${received}` : target);
  parts.push(ruleFor(model, error, refusal));
  const text = parts.filter(Boolean).join('; ');
  return text.length > 255 ? text.slice(0, 254) + '…' : text;
}
