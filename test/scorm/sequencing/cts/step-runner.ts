// Runs one decoded script step against a RuntimeSession and judges the answer as the CTS does
// (Command.evaluate, TestCaseEvaluator.evaluateCurrentResult), but stricter in one place:
// adl.nav.request_valid.* must equal the script's value (the CTS accepts any of
// true/false/unknown) and its error code is checked too. Returns what went wrong, or null.
import type { RuntimeSession } from '../../../../scorm/runtime/session.ts';

/** The SCO's view of the API: the pure RuntimeSession, or API_1484_11 in a browser page. */
export interface ScoApi {
  call(fn: string, ...args: string[]): Promise<string>;
}

/** A RuntimeSession as a ScoApi (answers as the JS API gives them: strings). */
export function sessionApi(session: RuntimeSession): ScoApi {
  const fns: Record<string, (...a: string[]) => unknown> = {
    Initialize: (a = '') => session.initialize(a), Terminate: (a = '') => session.terminate(a), Commit: (a = '') => session.commit(a),
    GetValue: (e = '') => session.getValue(e), SetValue: (e = '', v = '') => session.setValue(e, v), GetLastError: () => session.lastError(),
    GetErrorString: (c = '') => session.errorString(c), GetDiagnostic: (c = '') => session.diagnostic(c),
  };
  return { call: async (fn, ...args) => String(fns[fn]!(...args)) };
}
import { sameDataModelValue } from './dm-compare.ts';
import type { ScriptStep } from './script-steps.ts';

const MAX_ERROR_TEXT = 255;

/** Index of the cmi.objectives / adl.data record with that id, as the driver looks it up. */
async function indexOf(api: ScoApi, collection: string, id: string): Promise<number> {
  const count = Number(await api.call('GetValue', `${collection}._count`)) || 0;
  for (let i = 0; i < count; i++) if ((await api.call('GetValue', `${collection}.${i}.id`)) === id) return i;
  return -1;
}

/** `cmi.objectives.&obj1&.id` with the record's index in place of `&obj1&`. */
async function resolvePlaceholder(api: ScoApi, element: string): Promise<string | { missing: string }> {
  if (!element.includes('&')) return element;
  const [before, id, after] = element.split('&') as [string, string, string];
  const collection = before.includes('data') ? 'adl.data' : before.includes('objective') ? 'cmi.objectives' : null;
  if (collection === null) return element;
  const i = await indexOf(api, collection, id);
  return i < 0 ? { missing: id } : `${before}${i}${after ?? ''}`;
}

/** comments_from_lms reads pass with any of these codes: the LMS may have no comments (TestCaseEvaluator). */
const COMMENTS_FROM_LMS_ERRORS = new Set(['0', '301', '122']);

function judge(step: ScriptStep, element: string, returned: string): string | null {
  const want = step.expectedValue;
  const p = step.param;
  const get = step.call === 'GetValue';
  const bad = (what: string) => `${step.call}(${element}) ${what}`;
  const value = (ok: boolean) => (ok ? null : bad(`returned "${returned.slice(0, 80)}", expected "${want.slice(0, 80)}"`));
  if (get && p.includes('learner_name')) return null;
  if (get && p.includes('request_valid')) return value(want === '' || returned === want);
  if (get && !p.includes('_children') && p.includes('comments_from_lms')) return null;
  if (get && want !== '' && !p.includes('_count')) return value(sameDataModelValue(element, want, returned));
  if (get && p.includes('&') && p.includes('.id')) return value(returned === p.split('&')[1]);
  if (get && returned.startsWith('{') && !p.includes('_count')) return value(sameDataModelValue(element, want, returned));
  if (step.call === 'GetErrorString') {
    if (want === 'less255') return returned.length < MAX_ERROR_TEXT ? null : bad('is 255 characters or more');
    if (want === 'emptyCS') return value(returned === '');
    return value(returned === want);
  }
  if (step.call === 'GetDiagnostic') return returned.length < MAX_ERROR_TEXT ? null : bad('is 255 characters or more');
  return value(returned === want);
}

export async function runStep(api: ScoApi, step: ScriptStep): Promise<string | null> {
  if (step.call === 'compareObjIds') {
    const count = Number(await api.call('GetValue', 'cmi.objectives._count')) || 0;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await api.call('GetValue', `cmi.objectives.${i}.id`));
    const want = step.objectiveIds ?? [];
    const ok = ids.length === want.length && ids.every((id) => want.includes(id));
    return ok ? null : `cmi.objectives ids are [${ids.join(', ')}], expected [${want.join(', ')}]`;
  }
  const bang = step.param.indexOf('!');
  const rawElement = bang < 0 ? step.param : step.param.slice(0, bang);
  const value = bang < 0 ? '' : step.param.slice(bang + 1);
  const element = await resolvePlaceholder(api, rawElement);
  if (typeof element !== 'string') return `"${step.line.slice(0, 60)}": no record with the id "${element.missing}"`;
  const args = step.call === 'SetValue' ? [element, value] : step.call === 'GetLastError' ? [] : [element];
  const returned = await api.call(step.call, ...args);
  const error = await api.call('GetLastError');
  const wrong = judge(step, element, returned);
  if (step.call === 'GetValue' && !step.param.includes('_children') && step.param.includes('comments_from_lms')) {
    const ok = COMMENTS_FROM_LMS_ERRORS.has(error) || (element === 'cmi.comments_from_lms' && error === '401');
    return ok ? null : `GetValue(${element}) left error ${error}`;
  }
  const errorWrong = error === step.expectedError ? null : `${step.call}(${element.slice(0, 60)}) left error ${error}, expected ${step.expectedError}`;
  return wrong ?? errorWrong;
}
