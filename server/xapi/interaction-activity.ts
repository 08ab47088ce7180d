// A SCORM interaction as an xAPI cmi.interaction activity and an `answered` result
// (xAPI 1.0.3 Data 2.4.4.1 "Interaction Activities"; ADL xAPI SCORM Profile 6.0 "Interactions").
// SCORM 2004's characterstring formats (RTE 4.2.9.1, [,] [.] [:] delimiters) are the ones xAPI
// took over, so they pass as they are; SCORM 1.2's (RTE 3.4.5 CMIFeedback: "a,b", "{a,b}",
// "1.a", "t"/"f") are rewritten into them.
import type { InteractionRow } from '../runtime/session-columns.ts';

export type XapiInteractionType =
  | 'true-false' | 'choice' | 'fill-in' | 'long-fill-in' | 'matching' | 'performance' | 'sequencing' | 'likert' | 'numeric' | 'other';

const TYPES: ReadonlySet<string> = new Set(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other']);

/** SCORM's interaction type, or `other` when the SCO left it unset (xAPI needs one per interaction activity). */
export function interactionType(type: string | null): XapiInteractionType {
  return type !== null && TYPES.has(type) ? (type as XapiInteractionType) : 'other';
}

/** 1.2 lists are "a,b" optionally in braces (RTE 3.4.5 CMIFeedback). */
const list12 = (value: string): string[] => value.replace(/^\{(.*)\}$/s, '$1').split(',').map((part) => part.trim());

/** A 1.2 response or correct-response pattern in the xAPI format of its type. */
export function response12(type: XapiInteractionType, value: string): string {
  switch (type) {
    case 'true-false':
      return /^(t|1|true)$/i.test(value.trim()) ? 'true' : 'false';
    case 'choice':
    case 'sequencing':
      return list12(value).join('[,]');
    case 'matching':
      return list12(value).map((pair) => pair.split('.').join('[.]')).join('[,]');
    default:
      return value;
  }
}

/** A 1.2 numeric correct response is one exact value; xAPI's pattern is a range (Data 2.4.4.1). */
function pattern12(type: XapiInteractionType, value: string): string {
  return type === 'numeric' ? `${value}[:]${value}` : response12(type, value);
}

export interface InteractionDefinition {
  type: 'http://adlnet.gov/expapi/activities/cmi.interaction';
  interactionType: XapiInteractionType;
  description?: Record<string, string>;
  correctResponsesPattern?: string[];
}

export function interactionDefinition(row: InteractionRow, version: '1.2' | '2004'): InteractionDefinition {
  const kind = interactionType(row.type);
  const patterns = row.correct_responses_json ? (JSON.parse(row.correct_responses_json) as string[]) : [];
  return {
    type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
    interactionType: kind,
    // The SCO's own text: its language is unknown, hence "und" (RFC 5646 undetermined).
    ...(row.description ? { description: { und: row.description } } : {}),
    ...(patterns.length > 0 ? { correctResponsesPattern: version === '1.2' ? patterns.map((p) => pattern12(kind, p)) : patterns } : {}),
  };
}

/** `result.success` of an answer: SCORM's correct / wrong (1.2) or incorrect (2004); neutral, unanticipated and numeric results say neither. */
export function answerSuccess(result: string | null): boolean | undefined {
  if (result === 'correct') return true;
  if (result === 'wrong' || result === 'incorrect') return false;
  return undefined;
}

export function answerResponse(row: InteractionRow, version: '1.2' | '2004'): string | undefined {
  if (row.learner_response === null) return undefined;
  return version === '1.2' ? response12(interactionType(row.type), row.learner_response) : row.learner_response;
}
