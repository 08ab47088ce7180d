// RunFacts as xAPI 1.0.3 statements, following the ADL xAPI SCORM Profile: the learner as an
// account agent, the SCO as a lesson activity under its course, interactions as cmi.interaction
// activities whose parent is the SCO, the course and the attempt in the grouping, the profile in
// the category, and the registration as a UUID. Pure: ids are name-based (xapi-ids.ts).
import { formatDuration, timespanToCentiseconds } from '../../scorm/cmi/duration.ts';
import { answerResponse, answerSuccess, interactionDefinition } from './interaction-activity.ts';
import type { RunFact, RunSubject, ScoreFact, Standing } from './run-facts.ts';
import { activityIris, nameUuid, registrationUuid } from './xapi-ids.ts';

export interface XapiStatementSettings {
  /** Activity ids start here (SCORM_XAPI_ACTIVITY_IRI_BASE). */
  activityIriBase: string;
  /** The home page of the learners' accounts (SCORM_XAPI_HOMEPAGE). */
  homePage: string;
}

export type XapiStatement = Record<string, unknown> & { id: string };

const VERB = 'http://adlnet.gov/expapi/verbs/';
const ACTIVITY = 'http://adlnet.gov/expapi/activities/';
/** The category every statement of the profile carries (Profile 3.1 "Context Activities"). */
const SCORM_PROFILE = { id: 'http://adlnet.gov/xapi/profile/scorm' };

/** xAPI's score (Data 2.4.5.1): scaled in [-1, 1], raw within min and max when they are given. */
export function xapiScore(score: ScoreFact): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  if (score.scaled !== null && score.scaled >= -1 && score.scaled <= 1) out.scaled = score.scaled;
  const bounded = score.min === null || score.max === null || score.min <= score.max;
  if (bounded) {
    const inside = (v: number) => (score.min === null || v >= score.min) && (score.max === null || v <= score.max);
    if (score.raw !== null && inside(score.raw)) out.raw = score.raw;
    // min and max only frame a raw score; without one they are left out with it.
    if (out.raw !== undefined && score.min !== null) out.min = score.min;
    if (out.raw !== undefined && score.max !== null) out.max = score.max;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function standingResult(standing: Standing, durationCs?: number): Record<string, unknown> {
  const score = xapiScore(standing.score);
  return {
    ...(score ? { score } : {}),
    ...(standing.success === 'passed' || standing.success === 'failed' ? { success: standing.success === 'passed' } : {}),
    ...(standing.completion === 'completed' || standing.completion === 'incomplete' ? { completion: standing.completion === 'completed' } : {}),
    ...(durationCs !== undefined ? { duration: formatDuration(durationCs) } : {}),
  };
}

/**
 * The statements of some facts of one run, in order. `occasion` names the event they come from
 * (an opening's session id, a commit's session id and sequence), so the ids are the same every
 * time the same event is mapped.
 */
export function statementsFor(subject: RunSubject, facts: readonly RunFact[], occasion: string, at: number, settings: XapiStatementSettings): XapiStatement[] {
  const iris = activityIris(settings.activityIriBase, subject.packageId, subject.itemIdentifier, subject.attemptRowId);
  const name = (text: string | undefined) => (text ? { name: { und: text } } : {});
  const course = { objectType: 'Activity', id: iris.course, definition: { ...name(subject.titles?.course), type: `${ACTIVITY}course` } };
  const sco = { objectType: 'Activity', id: iris.sco, definition: { ...name(subject.titles?.sco), type: `${ACTIVITY}lesson` } };
  const attempt = { objectType: 'Activity', id: iris.attempt, definition: { type: `${ACTIVITY}attempt` } };
  const actor = { objectType: 'Agent', ...(subject.learner.name ? { name: subject.learner.name } : {}), account: { homePage: settings.homePage, name: subject.learner.id } };
  const timestamp = new Date(at).toISOString();
  const registration = registrationUuid(subject.registrationId);

  return facts.flatMap((fact, index): XapiStatement[] => [statementOf(fact, index)].filter((s): s is XapiStatement => s !== undefined));

  function statementOf(fact: RunFact, index: number): XapiStatement | undefined {
    const verb = { id: `${VERB}${fact.verb}`, display: { 'en-US': fact.verb } };
    const id = nameUuid(`${subject.attemptRowId}\u0000${occasion}\u0000${index}\u0000${fact.verb}`);
    const context = (parent: object) => ({
      registration,
      contextActivities: { parent: [parent], grouping: [course, attempt], category: [SCORM_PROFILE] },
    });
    const base = { id, actor, verb, timestamp };
    switch (fact.verb) {
      case 'answered': {
        const row = fact.interaction;
        const response = answerResponse(row, subject.version);
        const success = answerSuccess(row.result);
        const result = {
          ...(response !== undefined ? { response } : {}),
          ...(success !== undefined ? { success } : {}),
          ...(row.latency ? { duration: latencyDuration(row.latency, subject.version) } : {}),
        };
        return {
          ...base,
          object: { objectType: 'Activity', id: iris.interaction(row.interaction_id), definition: interactionDefinition(row, subject.version) },
          ...(Object.keys(result).length > 0 ? { result } : {}),
          context: context(sco),
        };
      }
      case 'scored': {
        // A score xAPI cannot hold (scaled outside [-1, 1], raw outside min..max) is not sent.
        const score = xapiScore(fact.score);
        return score ? { ...base, object: sco, result: { score }, context: context(course) } : undefined;
      }
      case 'completed':
      case 'passed':
      case 'failed':
        return { ...base, object: sco, result: standingResult(fact.standing), context: context(course) };
      case 'suspended':
      case 'terminated':
        return { ...base, object: sco, result: standingResult(fact.standing, fact.sessionCentiseconds), context: context(course) };
      default:
        return { ...base, object: sco, context: context(course) };
    }
  }
}

/** A latency in xAPI's ISO 8601 form; SCORM 1.2's is a timespan (RTE 3.4.5 CMITimespan). */
function latencyDuration(latency: string, version: '1.2' | '2004'): string {
  if (version === '2004') return latency;
  return formatDuration(timespanToCentiseconds(latency));
}
