// SCORM 1.2 CMIFeedback per interaction type (RTE §3.4.4 correct_responses.n.pattern and
// student_response; digest §8). A-10: strict for the unambiguous types, length only for the rest.

const DECIMAL = /^-?(\d+(\.\d+)?|\.\d+)$/;
const SINGLE = /^[0-9a-z]$/;

/**
 * true-false, numeric and likert have one reading each, so they are checked exactly. choice,
 * matching and sequencing are described with single-character ids in the RTE, but real content
 * writes multi-character ids (`q1_a`), so those, fill-in and performance get only the 255-character
 * limit of CMIFeedback.
 */
const STRICT: Readonly<Record<string, (v: string) => boolean>> = {
  'true-false': (v) => v === '0' || v === '1' || v === 't' || v === 'f',
  numeric: (v) => DECIMAL.test(v),
  likert: (v) => v === '' || SINGLE.test(v), // "may be left blank"
};

/** `type` is the interaction's type if the SCO has set it (1.2 has no dependency order). */
export function isValidFeedback(type: string | undefined, value: string): boolean {
  if (value.length > 255) return false;
  const strict = type === undefined ? undefined : STRICT[type];
  return strict === undefined || strict(value);
}
