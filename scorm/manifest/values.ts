// Reading typed attribute values (xs:boolean, decimals in a range, integers, vocabularies) with
// the schema default when absent and an INVALID_VALUE warning, then the default, when wrong.
import { attrOf } from './dom.ts';
import type { DiagnosticSink } from './diagnostics.ts';
import type { NsKind } from './namespaces.ts';
import type { XmlElement } from './xml.ts';

export interface ValueContext {
  sink: DiagnosticSink;
  path: string;
}

function invalid(ctx: ValueContext, el: XmlElement, name: string, value: string, expected: string, fallback: unknown): void {
  ctx.sink.warn('INVALID_VALUE', `<${el.name}> ${name}="${value}" is not ${expected}; the default ${JSON.stringify(fallback)} is used.`, ctx.path);
}

/** xs:boolean: true, false, 1, 0 (XML Schema 2, 3.2.2). */
export function readBoolean(ctx: ValueContext, el: XmlElement, name: string, fallback: boolean, kind?: NsKind): boolean {
  const raw = attrOf(el, name, kind);
  if (raw === undefined) return fallback;
  const value = raw.trim();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  invalid(ctx, el, name, raw, 'true or false', fallback);
  return fallback;
}

export function parseDecimal(raw: string, min: number, max: number): number | undefined {
  const value = raw.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

export function readDecimal(ctx: ValueContext, el: XmlElement, name: string, fallback: number, min: number, max: number): number {
  const raw = attrOf(el, name);
  if (raw === undefined) return fallback;
  const n = parseDecimal(raw, min, max);
  if (n === undefined) invalid(ctx, el, name, raw, `a number from ${min} to ${max}`, fallback);
  return n ?? fallback;
}

export function readInteger(ctx: ValueContext, el: XmlElement, name: string, fallback: number | undefined): number | undefined {
  const raw = attrOf(el, name);
  if (raw === undefined) return fallback;
  const value = raw.trim();
  if (/^\+?\d{1,9}$/.test(value)) return Number(value);
  invalid(ctx, el, name, raw, 'a whole number of zero or more', fallback ?? null);
  return fallback;
}

export function readEnum<T extends string>(ctx: ValueContext, el: XmlElement, name: string, allowed: readonly T[], fallback: T): T {
  const raw = attrOf(el, name);
  if (raw === undefined) return fallback;
  const value = raw.trim();
  if ((allowed as readonly string[]).includes(value)) return value as T;
  invalid(ctx, el, name, raw, `one of ${allowed.join(', ')}`, fallback);
  return fallback;
}

/** An attribute kept as text (durations, ids); empty means absent. */
export function readString(el: XmlElement, name: string): string | undefined {
  const value = attrOf(el, name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}
