// The data types of both versions as one table of validators (1.2 RTE §3.4.5; 2004 RTE §4.1.1.7
// and Appendix A). A validator answers "is this value of the type"; lengths, numeric ranges and
// the SPM limits are the element rule's business (element-rule.ts).
import { isLanguageTag } from './language-code.ts';
import { VOCABULARY_12, VOCABULARY_2004 } from './vocabularies.ts';

export interface DataType {
  readonly test: (value: string) => boolean;
  /** True when the value is a number whose range the element rule may restrict. */
  readonly numeric?: boolean;
  readonly cite: string;
}

const DECIMAL_12 = /^-?(\d+(\.\d+)?|\.\d+)$/;
const SINTEGER_12 = /^-?\d+$/;
const IDENTIFIER_12 = /^[\x21-\x7E]{1,255}$/;
const TIME_12 = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
// hours 2-4 digits, minutes and seconds below 60, as the RTE writes it.
const TIMESPAN_12 = /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;

// plain decimal notation; `.5` and `5.` accepted, no exponent, NaN or Infinity.
const REAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const TIME_2004 =
  /^(19[7-9]\d|20[0-2]\d|203[0-8])(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01])(?:T([01]\d|2[0-3])(?::[0-5]\d(?::[0-5]\d(?:\.\d{1,2}(?:[Zz]|[+-](?:[01]\d|2[0-3])(?::[0-5]\d)?)?)?)?)?)?)?)?$/;
const DURATION_2004 = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
// an RFC 3986 URI-reference: no white space, none of the characters a URI never holds,
// `%` only as a percent-escape.
const URI_ILLEGAL = /[\s{}[\]<>"\\^`|\x00-\x1F\x7F]|%(?![0-9A-Fa-f]{2})/;
const URN = /^urn:/i;
const URN_FULL = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$/i;

/** 2004 RTE Appendix A time(second,10,0), with the day checked against the month (leap years). */
function isTime2004(value: string): boolean {
  const m = TIME_2004.exec(value);
  if (m === null) return false;
  if (m[3] !== undefined) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (Number(m[3]) > days) return false;
  }
  return true;
}

export function isIdentifier2004(value: string): boolean {
  if (value.length === 0 || URI_ILLEGAL.test(value)) return false;
  return !URN.test(value) || URN_FULL.test(value);
}

/**
 * localized_string_type (2004 RTE §4.1.1.7): an optional leading `{lang=<language_type>}`.
 * A block without a closing `}` is not a delimiter, so it is text (RTE §4.1.1.6 *(inferred)*).
 */
export function isLocalizedString(value: string): boolean {
  if (!value.startsWith('{lang=')) return true;
  const end = value.indexOf('}');
  if (end < 0) return true;
  return isLanguageTag(value.slice(6, end));
}

function vocabulary(tokens: ReadonlySet<string>, cite: string): DataType {
  return { test: (v) => tokens.has(v), cite };
}

export const DATA_TYPES = {
  // SCORM 1.2
  CMIString255: { test: (v) => v.length <= 255, cite: '1.2 RTE §3.4.5 CMIString255' },
  CMIString4096: { test: (v) => v.length <= 4096, cite: '1.2 RTE §3.4.5 CMIString4096' },
  CMIDecimal: { test: (v) => DECIMAL_12.test(v), numeric: true, cite: '1.2 RTE §3.4.5 CMIDecimal' },
  CMIDecimalOrBlank: { test: (v) => v === '' || DECIMAL_12.test(v), numeric: true, cite: '1.2 RTE §3.4.5 CMIDecimal, CMIBlank' },
  CMISInteger: { test: (v) => SINTEGER_12.test(v), numeric: true, cite: '1.2 RTE §3.4.5 CMISInteger' },
  CMIIdentifier: { test: (v) => IDENTIFIER_12.test(v), cite: '1.2 RTE §3.4.5 CMIIdentifier (A-15)' },
  CMITime: { test: (v) => TIME_12.test(v), cite: '1.2 RTE §3.4.5 CMITime' },
  CMITimespan: { test: (v) => TIMESPAN_12.test(v), cite: '1.2 RTE §3.4.5 CMITimespan (A-16)' },
  /** CMIFeedback is checked against the interaction type by responses-12.ts; here only its length. */
  CMIFeedback: { test: (v) => v.length <= 255, cite: '1.2 RTE §3.4.5 CMIFeedback' },
  'CMIVocabulary:mode': vocabulary(VOCABULARY_12.mode, '1.2 RTE §3.4.5 Mode'),
  'CMIVocabulary:status': vocabulary(VOCABULARY_12.statusSettable, '1.2 RTE §3.4.4 lesson_status'),
  'CMIVocabulary:objectiveStatus': vocabulary(VOCABULARY_12.status, '1.2 RTE §3.4.5 Status'),
  'CMIVocabulary:exit': vocabulary(VOCABULARY_12.exit, '1.2 RTE §3.4.5 Exit'),
  'CMIVocabulary:credit': vocabulary(VOCABULARY_12.credit, '1.2 RTE §3.4.5 Credit'),
  'CMIVocabulary:entry': vocabulary(VOCABULARY_12.entry, '1.2 RTE §3.4.5 Entry'),
  'CMIVocabulary:interaction': vocabulary(VOCABULARY_12.interactionType, '1.2 RTE §3.4.5 Interaction'),
  'CMIVocabulary:timeLimitAction': vocabulary(VOCABULARY_12.timeLimitAction, '1.2 RTE §3.4.5 Time Limit Action'),
  'CMIVocabulary:result': {
    test: (v) => VOCABULARY_12.result.has(v) || DECIMAL_12.test(v),
    cite: '1.2 RTE §3.4.5 Result (a token or a CMIDecimal)',
  },
  // SCORM 2004
  characterstring: { test: () => true, cite: '2004 RTE §4.1.1.7 characterstring' },
  localized_string_type: { test: isLocalizedString, cite: '2004 RTE §4.1.1.7 localized_string_type' },
  long_identifier_type: { test: isIdentifier2004, cite: '2004 RTE §4.1.1.7 long_identifier_type (A-28)' },
  language_type: { test: (v) => v === '' || isLanguageTag(v), cite: '2004 RTE §4.2.13 language (empty allowed, CTS DMI 4.1.30)' },
  real: { test: (v) => REAL.test(v), numeric: true, cite: '2004 RTE §4.1.1.7 real(10,7) (A-29)' },
  time: { test: isTime2004, cite: '2004 RTE Appendix A time(second,10,0) (A-30)' },
  timeinterval: { test: (v) => DURATION_2004.test(v), cite: '2004 RTE Appendix A timeinterval(second,10,2)' },
  /** Formats per interaction type: responses-2004.ts. */
  response: { test: () => true, cite: '2004 RTE §4.2.9.1, §4.2.9.2' },
  'state:completionStatus': vocabulary(VOCABULARY_2004.completionStatus, '2004 RTE §4.2.4'),
  'state:successStatus': vocabulary(VOCABULARY_2004.successStatus, '2004 RTE §4.2.22'),
  'state:credit': vocabulary(VOCABULARY_2004.credit, '2004 RTE §4.2.6'),
  'state:entry': vocabulary(VOCABULARY_2004.entry, '2004 RTE §4.2.7'),
  'state:exit': vocabulary(VOCABULARY_2004.exit, '2004 RTE §4.2.8'),
  'state:mode': vocabulary(VOCABULARY_2004.mode, '2004 RTE §4.2.16'),
  'state:timeLimitAction': vocabulary(VOCABULARY_2004.timeLimitAction, '2004 RTE §4.2.24'),
  'state:audioCaptioning': vocabulary(VOCABULARY_2004.audioCaptioning, '2004 RTE §4.2.13 (A-32)'),
  'state:interactionType': vocabulary(VOCABULARY_2004.interactionType, '2004 RTE §4.2.9'),
  'state:navValidity': vocabulary(VOCABULARY_2004.navValidity, '2004 RTE §4.4.2'),
  'state:result': {
    test: (v) => VOCABULARY_2004.result.has(v) || REAL.test(v),
    cite: '2004 RTE §4.2.9 result (a token or a real(10,7))',
  },
  navRequest: {
    test: (v) => {
      if (VOCABULARY_2004.navRequest.has(v)) return true;
      // {target=<id>}choice / {target=<id>}jump (RTE §4.4.1, A-36)
      if (!v.startsWith('{target=')) return false;
      const end = v.indexOf('}');
      if (end < 0) return false;
      const verb = v.slice(end + 1);
      return (verb === 'choice' || verb === 'jump') && isIdentifier2004(v.slice(8, end));
    },
    cite: '2004 RTE §4.4.1 adl.nav.request (A-36)',
  },
} as const satisfies Record<string, DataType>;

export type DataTypeName = keyof typeof DATA_TYPES;
