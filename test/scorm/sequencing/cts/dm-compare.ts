// How the CTS compares a GetValue answer with the script's expectation: by the element's data
// type, not letter by letter (TestCaseEvaluator.evaluateRegularGet sets the expected value on a
// data model element and compares): real numbers by value, time intervals by duration,
// _children as a set, response patterns without their default delimiters (RTE 4.2.9.1:
// {lang=en}, {case_matters=false}, {order_matters=true}) and in any delimiter order.
import { durationToCentiseconds } from '../../../../scorm/cmi/duration.ts';

const REAL = /^-?[0-9]+(\.[0-9]*)?$|^-?\.[0-9]+$/;
const DEFAULT_DELIMITERS = new Set(['lang=en', 'case_matters=false', 'order_matters=true']);

function centiseconds(v: string): number | null {
  try {
    const n = durationToCentiseconds(v);
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

/** Leading {name=value} delimiters as a sorted list without the defaults, then the rest. */
function withoutDefaultDelimiters(v: string): string {
  const found: string[] = [];
  let rest = v;
  for (let m = /^\{(lang|case_matters|order_matters)=([^}]*)\}/.exec(rest); m; m = /^\{(lang|case_matters|order_matters)=([^}]*)\}/.exec(rest)) {
    const d = `${m[1]}=${m[2]}`;
    if (!DEFAULT_DELIMITERS.has(d)) found.push(d);
    rest = rest.slice(m[0].length);
  }
  return `${found.sort().join('|')}#${rest}`;
}

export function sameDataModelValue(element: string, expected: string, returned: string): boolean {
  if (expected === returned) return true;
  if (element.endsWith('._children')) return [...expected.split(',')].sort().join() === [...returned.split(',')].sort().join();
  if (REAL.test(expected) && REAL.test(returned)) return Number(expected) === Number(returned);
  if (/(session_time|total_time|latency|max_time_allowed)$/.test(element)) {
    const a = centiseconds(expected);
    const b = centiseconds(returned);
    return a !== null && a === b;
  }
  if (/(learner_response|pattern)$/.test(element)) return withoutDefaultDelimiters(expected) === withoutDefaultDelimiters(returned);
  return false;
}
