// SCORM 2004 interaction response formats per interaction type: learner_response (RTE §4.2.9.2)
// and correct_responses.n.pattern (RTE §4.2.9.1), with the reserved delimiters of §4.1.1.6.
import { isIdentifier2004 } from './data-types.ts';
import { isLanguageTag } from './language-code.ts';

export type ResponseKind = 'pattern' | 'response';

const REAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const BOOL = (v: string) => v === 'true' || v === 'false';

/**
 * Reads the leading `{name=value}` blocks a value may carry (RTE §4.1.1.6; digest §4.3): stops at
 * a block whose name is not allowed here, repeats, or is malformed; everything after is data.
 * Returns the offset of the data, or -1 when an allowed delimiter has an invalid value.
 */
function skipDelimiters(value: string, allowed: readonly string[]): number {
  let at = 0;
  const seen: string[] = [];
  while (value.startsWith('{', at)) {
    const end = value.indexOf('}', at);
    const eq = value.indexOf('=', at);
    if (end < 0 || eq < 0 || eq > end) break;
    const name = value.slice(at + 1, eq);
    if (!allowed.includes(name) || seen.includes(name)) break;
    const v = value.slice(eq + 1, end);
    if (name === 'lang' ? !isLanguageTag(v) : !BOOL(v)) return -1;
    seen.push(name);
    at = end + 1;
  }
  return at;
}

const shortId = (v: string) => v.length <= 250 && isIdentifier2004(v);

/** Items joined by `[,]`, each passing `item`, between min and max of them; `""` counts as zero items. */
function list(value: string, min: number, max: number, item: (part: string) => boolean): boolean {
  if (value === '') return min === 0;
  const parts = value.split('[,]');
  if (parts.length < min || parts.length > max) return false;
  for (const p of parts) if (!item(p)) return false;
  return true;
}

function uniqueIds(value: string): boolean {
  if (value === '') return true;
  const parts = value.split('[,]');
  return new Set(parts).size === parts.length; // CTS DMI 3.1.569: ids unique inside one choice value
}

/** `source[.]target`: exactly one `[.]`, both short identifiers (§4.2.9.1 matching). */
const pair = (p: string) => {
  const halves = p.split('[.]');
  return halves.length === 2 && shortId(halves[0]!) && shortId(halves[1]!);
};

/** `[min][:][max]`: the `[:]` required, either bound optional, min ≤ max (§4.2.9.1 numeric). */
function numericRange(v: string): boolean {
  const bounds = v.split('[:]');
  if (bounds.length !== 2) return false;
  const [lo, hi] = bounds as [string, string];
  if ((lo !== '' && !REAL.test(lo)) || (hi !== '' && !REAL.test(hi))) return false;
  return lo === '' || hi === '' || Number(lo) <= Number(hi);
}

/** A fill-in item: optional `{lang=}`, then at most 250 characters (§4.2.9.2 fill-in). */
function langText(item: string, max: number): boolean {
  const at = skipDelimiters(item, ['lang']);
  return at >= 0 && item.length - at <= max;
}

/** A performance step `step_name[.]step_answer`: name optional, answer optional, not both empty. */
function step(part: string, kind: ResponseKind): boolean {
  const halves = part.split('[.]');
  if (halves.length !== 2) return false;
  const [name, answer] = halves as [string, string];
  if (name === '' && answer === '') return false;
  if (name !== '' && !shortId(name)) return false;
  if (kind === 'pattern' && answer.includes('[:]')) return numericRange(answer);
  return answer.length <= 250;
}

type Check = (value: string, kind: ResponseKind) => boolean;

/** Format of each interaction type (RTE §4.2.9.1 / §4.2.9.2; digest §8). */
export const RESPONSE_FORMATS: Readonly<Record<string, Check>> = {
  'true-false': (v) => BOOL(v),
  choice: (v) => list(v, 0, 36, shortId) && uniqueIds(v),
  'fill-in': (v, kind) => {
    const at = kind === 'pattern' ? skipDelimiters(v, ['case_matters', 'order_matters']) : 0;
    if (at < 0) return false;
    const items = v.slice(at);
    if (items === '') return true;
    const parts = items.split('[,]');
    return parts.length <= 10 && parts.every((p) => langText(p, 250));
  },
  'long-fill-in': (v, kind) => {
    const at = skipDelimiters(v, kind === 'pattern' ? ['case_matters', 'lang'] : ['lang']);
    return at >= 0 && v.length - at <= 4000;
  },
  likert: (v) => shortId(v),
  matching: (v, kind) => (kind === 'pattern' && v === '' ? false : list(v, 0, 36, pair)),
  performance: (v, kind) => {
    const at = kind === 'pattern' ? skipDelimiters(v, ['order_matters']) : 0;
    if (at < 0) return false;
    return list(v.slice(at), 1, kind === 'pattern' ? 125 : 250, (p) => step(p, kind));
  },
  sequencing: (v) => list(v, 1, 36, shortId),
  numeric: (v, kind) => (kind === 'pattern' ? numericRange(v) : REAL.test(v)),
  other: (v) => v.length <= 4000,
};

/** Types whose correct_responses hold one pattern at most: a second is 351 (CTS DMI 3.1.553). */
export const SINGLE_PATTERN_TYPES: ReadonlySet<string> = new Set(['true-false', 'likert', 'numeric', 'other']);

/**
 * Whether two patterns of one interaction are the same answer (RTE §4.2.9.1 uniqueness; CTS DMI
 * 3.1.607): choice compares as sets, sequencing in order; other types may repeat a pattern.
 */
export function samePattern(type: string, a: string, b: string): boolean {
  if (type === 'sequencing') return a === b;
  if (type !== 'choice') return false;
  const as = a === '' ? [] : a.split('[,]');
  const bs = new Set(b === '' ? [] : b.split('[,]'));
  return as.length === bs.size && as.every((x) => bs.has(x));
}

export function isValidResponse(type: string, value: string, kind: ResponseKind): boolean {
  const check = RESPONSE_FORMATS[type];
  return check !== undefined && check(value, kind);
}
