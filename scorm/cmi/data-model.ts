// GetValue and SetValue against a data store, by the rule tables of either version (1.2 RTE
// §3.4.3-3.4.4, digest 1.2 §10; 2004 RTE §4.1.1, §4.2, digest 2004 §9 for the order of checks).
import { DATA_TYPES } from './data-types.ts';
import type { ErrorName, ScormVersion } from './error-codes.ts';
import type { DataModelDefinition, ElementRule } from './element-rule.ts';
import { recordOf, resolveElement, type IndexStep } from './element-path.ts';
import { MODEL_12 } from './elements-12.ts';
import { MODEL_2004 } from './elements-2004.ts';
import { countOf, type ModelState } from './model-state.ts';
import { afterSet, checkSpecial, readSpecial } from './special-rules.ts';
import type { GetResult, ModelEnv } from './model-access.ts';

export type { GetResult, ModelEnv, NavValidity } from './model-access.ts';


/** every value is stored whole up to this many characters (at least each SPM); beyond, 351. */
export const VALUE_LIMIT_2004 = 64_000;
/**
 * Responses may be longer: a performance response at its smallest permitted maximums (RTE
 * 4.2.9.2: 250 steps of a 250-character name and a 250-character answer) is 126,497 characters
 * (CTS DMI 3.1.1025 sets one).
 */
export const RESPONSE_LIMIT_2004 = 128_000;

/**
 * The most cmi.interactions records one attempt may hold. RTE 2004 4.2.9 asks an LMS for at least
 * 250 and SCORM 1.2 names no number; four times 250 leaves room for any real assessment. The API
 * refuses the record past it (2004 RTE §3.1, the extension condition "maximum exceeded", and
 * §4.1.1.3: 351; 1.2 has no such code, so 101 General Exception) so the SCO hears it at once. The
 * server refuses a commit past it too (server/runtime/commit-limits.ts): without this check the
 * player would accept a value that the server then refused along with the rest of its commit.
 */
export const INTERACTIONS_LIMIT = 1_000;

export const modelFor = (version: ScormVersion): DataModelDefinition => (version === '1.2' ? MODEL_12 : MODEL_2004);

const failed = (error: ErrorName): GetResult => ({ error, value: '' });
const ok = (value: string): GetResult => ({ error: 'none', value });

function outOfRange(state: ModelState, steps: readonly IndexStep[]): boolean {
  for (const s of steps) if (s.index >= countOf(state, s.collection)) return true;
  return false;
}

export function getValue(state: ModelState, name: string, env: ModelEnv = {}): GetResult {
  const r = resolveElement(modelFor(state.version), name);
  switch (r.kind) {
    case 'error':
      return failed(r.get);
    case 'version':
      return ok(r.value);
    case 'children':
      return outOfRange(state, r.steps) ? failed('getOutOfRange') : ok(r.value);
    case 'count':
      return outOfRange(state, r.steps) ? failed('getOutOfRange') : ok(String(countOf(state, r.collection)));
    case 'navValid':
      if (r.target === null) return failed('badNavTarget');
      return ok(env.navigationValidity?.(`{target=${r.target}}${r.request}`) ?? 'unknown');
  }
  const { rule, steps } = r;
  if (steps.length > 0 && outOfRange(state, steps)) return failed('getOutOfRange');
  if (rule.access === 'wo') return failed('writeOnly');
  if (rule.special !== undefined) {
    const special = readSpecial(state, rule, name, env);
    if (special !== null) return special;
  }
  const value = state.values.get(name);
  if (value !== undefined) return ok(value);
  if (rule.init !== undefined) return ok(rule.init);
  return state.version === '1.2' ? ok('') : failed('notInitialized');
}

/** Checks the value against the rule's type, range and the 2004 length limit. */
function checkValue(state: ModelState, rule: ElementRule, value: string): ErrorName {
  const type = DATA_TYPES[rule.type];
  if (!type.test(value)) return 'typeMismatch';
  if (rule.range !== undefined && value !== '' && 'numeric' in type) {
    const n = Number(value);
    const [lo, hi] = rule.range;
    if ((lo !== null && n < lo) || (hi !== null && n > hi)) return 'outOfRange';
  }
  if (state.version === '2004' && value.length > (rule.type === 'response' ? RESPONSE_LIMIT_2004 : VALUE_LIMIT_2004)) return 'maximumExceeded';
  return 'none';
}

export function setValue(state: ModelState, name: string, value: string): ErrorName {
  const r = resolveElement(modelFor(state.version), name);
  if (r.kind === 'error') return r.set;
  if (r.kind === 'navValid') return 'readOnly';
  if (r.kind !== 'element') return 'keywordWrite';
  const { rule, steps } = r;
  const v12 = state.version === '1.2';
  let creates = 0; // how many trailing steps create a record (1.2 may create nested records at once)
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const count = countOf(state, step.collection);
    if (step.index > count) return 'setOutOfOrder';
    if (step.index < count) continue;
    if (step.rule.lmsOnly) return rule.access === 'ro' ? 'readOnly' : 'setOutOfOrder';
    if (step.collection === 'cmi.interactions' && step.index >= INTERACTIONS_LIMIT) return 'interactionsFull';
    // 2004 RTE §4.1.1.3: only the identifying child creates a record, and only the innermost one.
    if (!v12 && (i < steps.length - 1 || !rule.creates)) return 'dependency';
    creates++;
  }
  if (rule.needsType === true && state.values.get(recordOf(steps) + '.type') === undefined) return 'dependency';
  if (rule.access === 'ro') return 'readOnly';
  if (rule.special !== undefined) {
    const special = checkSpecial(state, rule, name, value, steps);
    if (special !== 'none') return special;
  }
  const checked = checkValue(state, rule, value);
  if (checked !== 'none') return checked;
  const previous = state.values.get(name);
  state.values.set(name, value);
  for (let i = steps.length - creates; i < steps.length; i++) {
    state.counts.set(steps[i]!.collection, steps[i]!.index + 1);
  }
  if (rule.special !== undefined) afterSet(state, rule, name, value, previous, steps);
  return 'none';
}
