// The element behaviours a type and a range cannot say: uniqueness and write-once ids, response
// formats per interaction type, hard pattern maxima, shared-data permissions, evaluated statuses.
import type { ErrorName } from './error-codes.ts';
import type { ElementRule } from './element-rule.ts';
import { recordOf, type IndexStep } from './element-path.ts';
import { countOf, type ModelState } from './model-state.ts';
import { isValidFeedback } from './responses-12.ts';
import { isValidResponse, samePattern, SINGLE_PATTERN_TYPES } from './responses-2004.ts';
import { evaluateCompletion, evaluateSuccess } from './status.ts';
import type { GetResult, ModelEnv } from './model-access.ts';

/** A GetValue answer other than the stored value, or null to read the store as usual. */
export function readSpecial(state: ModelState, rule: ElementRule, name: string, env: ModelEnv): GetResult | null {
  const v = state.values;
  switch (rule.special) {
    case 'completionStatus': // RTE §4.2.4.1, evaluated whenever read
      return ok(evaluateCompletion(v.get(name), v.get('cmi.completion_threshold'), v.get('cmi.progress_measure')));
    case 'successStatus': // RTE §4.2.22
      return ok(evaluateSuccess(v.get(name), v.get('cmi.scaled_passing_score'), v.get('cmi.score.scaled')));
    case 'navValidity':
      return ok(env.navigationValidity?.(name.slice(name.lastIndexOf('.') + 1)) ?? 'unknown');
    case 'dataStore': {
      const index = Number(name.split('.')[2]);
      return state.sharedData[index]?.read === false ? { error: 'writeOnly', value: '' } : null;
    }
    default:
      return null;
  }
}

const ok = (value: string): GetResult => ({ error: 'none', value });

/** Checks that precede type validation (SRTE order: uniqueness and write-once first). */
export function checkSpecial(
  state: ModelState, rule: ElementRule, name: string, value: string, steps: readonly IndexStep[],
): ErrorName {
  const v12 = state.version === '1.2';
  switch (rule.special) {
    case 'objectiveId': {
      // 2004 RTE §4.2.17: write-once (the same value again is fine, CTS DMI 1.1.90-91), unique (1.1.105).
      const existing = state.values.get(name);
      if (existing !== undefined) return existing === value ? 'none' : 'writeOnce';
      return collides(state, steps[0]!, '.id', value) ? 'uniqueViolation' : 'none';
    }
    case 'interactionObjectiveId': // RTE §4.2.9: unique within the interaction (CTS DMI 3.1.116)
      return collides(state, steps[1]!, '.id', value) ? 'uniqueViolation' : 'none';
    case 'pattern': {
      const type = state.values.get(recordOf(steps) + '.type');
      if (v12) return isValidFeedback(type, value) ? 'none' : 'typeMismatch';
      const step = steps[1]!;
      if (SINGLE_PATTERN_TYPES.has(type!) && step.index >= 1) return 'maximumExceeded';
      for (let m = 0; m < countOf(state, step.collection); m++) {
        if (m === step.index) continue;
        const other = state.values.get(`${step.collection}.${m}.pattern`);
        if (other !== undefined && samePattern(type!, other, value)) return 'uniqueViolation';
      }
      return isValidResponse(type!, value, 'pattern') ? 'none' : 'typeMismatch';
    }
    case 'response': {
      const type = state.values.get(recordOf(steps) + '.type');
      if (v12) return isValidFeedback(type, value) ? 'none' : 'typeMismatch';
      return isValidResponse(type!, value, 'response') ? 'none' : 'typeMismatch';
    }
    case 'dataStore': // writeSharedData="false" makes the store read-only for this SCO
      return state.sharedData[steps[0]!.index]?.write === false ? 'readOnly' : 'none';
    default:
      return 'none';
  }
}

function collides(state: ModelState, step: IndexStep, suffix: string, value: string): boolean {
  const count = countOf(state, step.collection);
  for (let i = 0; i < count; i++) {
    if (i !== step.index && state.values.get(`${step.collection}.${i}${suffix}`) === value) return true;
  }
  return false;
}

/** Effects of a stored value on its neighbours. */
export function afterSet(
  state: ModelState, rule: ElementRule, name: string, value: string, previous: string | undefined,
  steps: readonly IndexStep[],
): void {
  if (rule.special === 'interactionType' && state.version === '2004' && previous !== undefined && previous !== value) {
    // A-33 (SRTE): responses validated against the old type are discarded.
    const record = recordOf(steps);
    const patterns = `${record}.correct_responses`;
    for (let m = 0; m < countOf(state, patterns); m++) state.values.delete(`${patterns}.${m}.pattern`);
    state.counts.delete(patterns);
    state.values.delete(`${record}.learner_response`);
  } else if (rule.special === 'dataStore' && value === '') {
    state.values.delete(name); // setting "" makes the store "not initialized" again (CTS DDM 1aV2)
  }
}
