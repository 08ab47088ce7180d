// CSV for spreadsheets (RFC 4180): fields quoted when they hold a comma, quote, CR or LF, quotes
// doubled, CRLF line ends. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR
// first; OWASP "CSV Injection") gets a leading apostrophe, so it is shown as text.

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTES = /"/g;

export type CsvValue = string | number | null | undefined;

/** =, +, -, @, tab, CR: what a spreadsheet reads as the start of a formula (a char code test, no regex per cell). */
function startsLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

/** A text field; numbers passed here are written as they are (a negative number is not a formula). */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''; // never holds , " CR LF
  const text = startsLikeFormula(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTES, '""')}"` : text;
}

export function csvLine(values: CsvValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += i === 0 ? csvField(values[i]) : `,${csvField(values[i])}`;
  return `${line}\r\n`;
}
