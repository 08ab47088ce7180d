// One line of an ADL CTS script decoded into the API call the test SCO makes and the result it
// expects, as the suite's Java driver (LMSParser, Command) reads it. See README.md beside this.
import { API_CALLS, word } from './abbreviations.ts';

export interface ScriptStep {
  readonly line: string;
  /** Initialize, GetValue, SetValue... or compareObjIds (COI). */
  readonly call: string;
  /** The argument as the driver builds it; SetValue's is `element!value`. `&id&` is resolved at run time. */
  readonly param: string;
  readonly expectedValue: string;
  readonly expectedError: string;
  /** COI: the objective ids cmi.objectives must hold, in any order. */
  readonly objectiveIds?: readonly string[];
}

const lookupAll = (tokens: readonly string[]): string => tokens.map((t) => word(t)).join('.');

/** `last` is `name!value` (or `name!`): the driver splits at the first `!`. */
function finalSplit(last: string): [string, string] {
  const i = last.indexOf('!');
  return i < 0 ? [last, ''] : [last.slice(0, i), last.slice(i + 1)];
}

/** SET's element and value, by the number of `~` parts (LMSParser.parseSetCommandsDMParams). */
function setParam(key: string): string {
  const k = key.split('~');
  const [name, value] = finalSplit(k[k.length - 1]!);
  switch (k.length) {
    case 2:
      return `${word(k[0]!)}.${word(name)}!${word(value)}`;
    case 3:
      return `${word(k[0]!)}.${word(k[1]!)}.${word(name)}!${word(value)}`;
    case 4: // the third part is an index or an &id& placeholder, taken as written
      return `${word(k[0]!)}.${word(k[1]!)}.${k[2]}.${word(name)}!${word(value)}`;
    case 5: {
      if (key.includes('a~n~r')) {
        // a~n~r!tar~ID~TY.c: adl.nav.request = {target=ID}choice
        const [r, first] = k[2]!.split('!') as [string, string];
        return `${word(k[0]!)}.${word(k[1]!)}.${word(r)}!${word(first, k[3])}${word(k[4]!)}`;
      }
      return `${lookupAll(k.slice(0, 4))}.${word(name)}!${word(value)}`;
    }
    case 6:
      return `${lookupAll(k.slice(0, 5))}.${word(name)}!${word(value)}`;
    default:
      return word(k[0]!);
  }
}

/** GET's element (LMSParser.parseGetCommandsDMParams); an interactions `!type` suffix is dropped. */
function getParam(key: string): string {
  if (!key.includes('~')) return key;
  const k = key.split('~').map((t) => (key.includes('INTR') && t.includes('!') ? t.split('!')[0]! : t));
  // a~n~rv~TY.c~tar~ID: adl.nav.request_valid.choice.{target=ID}
  if (k.length === 6 && key.includes('a~n~r')) return `${lookupAll(k.slice(0, 4))}.${word(k[4]!, k[5])}`;
  return lookupAll(k);
}

export interface Learner {
  readonly id: string;
  readonly name: string;
}

/** null for a line the driver skips: one whose first part is no API call (DMI Act3V2 47 lacks its `GET`). */
export function decodeStep(line: string, learner: Learner): ScriptStep | null {
  const f = line.split('->');
  const code = f[0]!;
  const call = API_CALLS[code];
  if (call === undefined) return null;
  const error = f.length > 1 ? f[f.length - 1]! : '';
  const middle = f.length >= 4 ? f[f.length - 2]! : '';
  switch (code) {
    case 'COI':
      return { line, call, param: f[1] ?? '', expectedValue: '', expectedError: '0', objectiveIds: (f[1] ?? '').split(',') };
    case 'SET':
      return { line, call, param: setParam(f[1] ?? ''), expectedValue: word(middle), expectedError: error };
    case 'GLE':
      return { line, call, param: '', expectedValue: f[2] ?? '', expectedError: f[3] ?? '' };
    case 'GES':
    case 'GeDi':
      return { line, call, param: f[1] ?? '', expectedValue: f[2] ?? '', expectedError: f[3] ?? '' };
    default: {
      // GET, I, C: a value key with an empty word ("es") stands for itself.
      let value = word(middle) === '' && middle !== '' ? middle : word(middle);
      const key = f[1] ?? '';
      if (key.includes('LN')) value = learner.name;
      else if (key.includes('LI')) value = learner.id;
      return { line, call, param: code === 'GET' ? getParam(key) : key, expectedValue: value, expectedError: error };
    }
  }
}
