// CSV for spreadsheets (RFC 4180): fields quoted when they hold a comma, quote, CR or LF, quotes
// doubled, CRLF line ends. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR
// first; OWASP "CSV Injection") gets a leading apostrophe, so it is shown as text.

const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | null | undefined;

/** A text field; numbers passed here are written as they are (a negative number is not a formula). */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
