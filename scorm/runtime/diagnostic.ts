// GetDiagnostic text for the last error: the element, the value and the rule it broke, within
// the 255 characters both versions allow (1.2 RTE §3.3.2.1; 2004 RTE §3.1.4.8; ).
import type { ErrorName } from '../cmi/error-codes.ts';
import { DATA_TYPES } from '../cmi/data-types.ts';
import { resolveElement } from '../cmi/element-path.ts';
import type { DataModelDefinition } from '../cmi/element-rule.ts';

const REASONS: Partial<Record<ErrorName, string>> = {
  alreadyInitialized: 'the session is already initialized',
  initAfterTerminate: 'the session has ended; a new launch is needed',
  invalidArgument: 'the argument must be an empty string',
  getNotSpecified: 'no element name was given',
  setNotSpecified: 'no element name was given',
  noChildren: 'this element has no _children',
  notArray: 'this element is not a collection and has no _count',
  noVersion: '_version exists only on cmi',
  getOutOfRange: 'the index is not below _count',
  setOutOfOrder: 'the index is past _count; records are added at _count',
  uniqueViolation: 'the value must be unique in its collection',
  writeOnce: 'the id is already set and cannot change',
  maximumExceeded: 'the collection or value is at its maximum',
  badNavTarget: 'a {target=<activity id>} is required',
  undefinedElement: 'not an element of the data model',
  unknownLeaf: 'not an element of this category',
  notInitialized: 'no value has been set',
  readOnly: 'the element is read only',
  writeOnly: 'the element is write only',
  keywordWrite: '_children, _count and _version are read only',
  dependency: 'set the id (or the interaction type) first',
  commitFailure: 'the data could not be stored; try again',
  terminateFailure: 'the session could not end; try again',
};

export function describeError(
  model: DataModelDefinition, error: ErrorName, element: string | null, value: string | null,
): string {
  let reason = REASONS[error] ?? '';
  if ((error === 'typeMismatch' || error === 'outOfRange') && element !== null) {
    const r = resolveElement(model, element);
    if (r.kind === 'element') {
      const range = r.rule.range ? ` in [${r.rule.range.map((b) => b ?? '').join(', ')}]` : '';
      reason = error === 'outOfRange' ? `the number must lie${range}` : `expected ${DATA_TYPES[r.rule.type].cite}`;
      reason += ` (${r.rule.cite})`;
    }
  }
  const shown = value === null ? '' : ` "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  const text = element === null ? reason : `${element}${shown}: ${reason}`;
  return text.slice(0, 255);
}
