// SCORM 1.2 prerequisites (CAM 1.2 adlcp:prerequisites, AICC CMI001 script): parsing the
// script into a Prerequisite tree and evaluating it against the items' lesson status.
import type { Prerequisite } from './types.ts';

/**
 * Parses an aicc_script: identifiers, `&` and, `|` or, `~` not, parentheses, and `n*{a,b,c}`
 * (at least n of the set). Returns undefined for an empty script; throws on a malformed one.
 * Deviation: the AICC `=`/`<>` status comparisons are not supported; SCORM 1.2 content uses
 * the identifier form, whose meaning is "passed or completed" (CAM 1.2 3.3.4.1).
 */
export function parsePrerequisites(script: string): Prerequisite | undefined {
  const tokens = script.match(/\d+\s*\*\s*\{|[A-Za-z0-9_.\-:]+|[&|~(){},]/g) ?? [];
  if (tokens.length === 0) return undefined;
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const take = (expected?: string): string => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) {
      throw new Error(`malformed prerequisites "${script}"`);
    }
    return token;
  };
  const orExpr = (): Prerequisite => {
    const operands = [andExpr()];
    while (peek() === '|') operands.push((take(), andExpr()));
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  };
  const andExpr = (): Prerequisite => {
    const operands = [unary()];
    while (peek() === '&') operands.push((take(), unary()));
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  };
  const unary = (): Prerequisite => {
    const token = take();
    if (token === '~') return { kind: 'not', operand: unary() };
    if (token === '(') {
      const inner = orExpr();
      take(')');
      return inner;
    }
    const set = /^(\d+)\s*\*\s*\{$/.exec(token);
    if (set) {
      const ids = [take()];
      while (peek() === ',') ids.push((take(), take()));
      take('}');
      return { kind: 'set', count: Number(set[1]), ids };
    }
    if (/^[&|~(){},]$/.test(token)) throw new Error(`malformed prerequisites "${script}"`);
    return { kind: 'id', id: token };
  };
  const result = orExpr();
  if (at !== tokens.length) throw new Error(`malformed prerequisites "${script}"`);
  return result;
}

/** Evaluates a prerequisite tree; `done(id)` says whether an item is passed or completed. */
export function prerequisitesMet(p: Prerequisite, done: (id: string) => boolean): boolean {
  switch (p.kind) {
    case 'id':
      return done(p.id);
    case 'not':
      return !prerequisitesMet(p.operand, done);
    case 'and':
      return p.operands.every((o) => prerequisitesMet(o, done));
    case 'or':
      return p.operands.some((o) => prerequisitesMet(o, done));
    case 'set':
      return p.ids.filter((id) => done(id)).length >= p.count;
  }
}
