// SCORM 1.2 adlcp:prerequisites as a tree: the AICC script grammar (CAM 1.2 2.3.5.1; AICC
// CMI001 "prerequisites"): identifiers, ~ not, & and, | or, parentheses, "id=status" and
// "id<>status" tests, and "n*{a,b,c}" sets (at least n of them).
// Relaxation: the words AND, OR, NOT (any case) are read as &, |, ~, as several tools write them.

export type LessonStatusValue = 'passed' | 'completed' | 'failed' | 'incomplete' | 'browsed' | 'not attempted';

export type Prerequisite =
  /** True when the item is passed or completed (AICC). */
  | { type: 'item'; identifier: string }
  | { type: 'status'; identifier: string; status: LessonStatusValue; negated: boolean }
  | { type: 'not'; operand: Prerequisite }
  | { type: 'and'; operands: Prerequisite[] }
  | { type: 'or'; operands: Prerequisite[] }
  | { type: 'atLeast'; count: number; operands: Prerequisite[] };

export type PrerequisiteParse = { ok: true; value: Prerequisite | null } | { ok: false; message: string };

const STATUS: Record<string, LessonStatusValue> = {
  passed: 'passed', p: 'passed', completed: 'completed', c: 'completed', failed: 'failed', f: 'failed',
  incomplete: 'incomplete', i: 'incomplete', browsed: 'browsed', b: 'browsed',
  'not attempted': 'not attempted', n: 'not attempted',
};
const WORD_OPS: Record<string, string> = { and: '&', or: '|', not: '~' };

function tokenize(script: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(<>|[()&|~=*{},]|"[^"]*"|[^\s()&|~=*{},"<>]+)/y;
  let at = 0;
  while (at < script.length) {
    if (/^\s*$/.test(script.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(script);
    if (!m) throw new Error(`unexpected character "${script.slice(at).trim()[0]}"`);
    const token = m[1]!;
    tokens.push(WORD_OPS[token.toLowerCase()] ?? token);
    at = re.lastIndex;
  }
  return tokens;
}

export function parsePrerequisites(script: string): PrerequisiteParse {
  let tokens: string[];
  try {
    tokens = tokenize(script);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  if (tokens.length === 0) return { ok: true, value: null };
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`expected "${t}"`);
  };
  const chain = (type: 'and' | 'or', op: string, operand: () => Prerequisite): Prerequisite => {
    const operands = [operand()];
    while (peek() === op) {
      next();
      operands.push(operand());
    }
    return operands.length === 1 ? operands[0]! : { type, operands };
  };
  const expr = (): Prerequisite => chain('or', '|', () => chain('and', '&', unary));
  const unary = (): Prerequisite => {
    if (peek() === '~') {
      next();
      return { type: 'not', operand: unary() };
    }
    return primary();
  };
  const primary = (): Prerequisite => {
    const token = next();
    if (token === undefined) throw new Error('the script ends too early');
    if (token === '(') {
      const inner = expr();
      expect(')');
      return inner;
    }
    if (/^\d+$/.test(token) && peek() === '*') {
      next();
      expect('{');
      const operands = [expr()];
      while (peek() === ',') {
        next();
        operands.push(expr());
      }
      expect('}');
      return { type: 'atLeast', count: Number(token), operands };
    }
    if (/^[()&|~=*{},]$|^<>$|^"/.test(token)) throw new Error(`unexpected "${token}"`);
    if (peek() === '=' || peek() === '<>') {
      const negated = next() === '<>';
      let word = next();
      if (word === '~') word = 'not'; // "not attempted" after the word operator mapping
      if (word === undefined) throw new Error('a status is missing after "="');
      let raw = word.replace(/^"|"$/g, '').trim().toLowerCase();
      if (raw === 'not' && peek()?.toLowerCase() === 'attempted') raw = `not ${next()!.toLowerCase()}`;
      const status = STATUS[raw.replace(/\s+/g, ' ')];
      if (!status) throw new Error(`"${raw}" is not a lesson status`);
      return { type: 'status', identifier: token, status, negated };
    }
    return { type: 'item', identifier: token };
  };
  try {
    const value = expr();
    if (pos < tokens.length) throw new Error(`unexpected "${tokens[pos]}"`);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** Every item identifier the tree names, for checking them against the organization. */
export function prerequisiteIdentifiers(tree: Prerequisite): string[] {
  switch (tree.type) {
    case 'item':
    case 'status':
      return [tree.identifier];
    case 'not':
      return prerequisiteIdentifiers(tree.operand);
    default:
      return tree.operands.flatMap(prerequisiteIdentifiers);
  }
}
