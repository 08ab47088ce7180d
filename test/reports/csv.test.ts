// csvField / csvLine: RFC 4180 quoting and the guard against spreadsheet formula injection.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { csvField, csvLine } from '../../server/core/csv.ts';
import { parseCsv } from './parse-csv.ts';

test('plain text and numbers are written as they are', () => {
  assert.is(csvField('Ada Lovelace'), 'Ada Lovelace');
  assert.is(csvField(0.75), '0.75');
  assert.is(csvField(-0.5), '-0.5'); // a number, not a formula
  assert.is(csvField(null), '');
  assert.is(csvField(undefined), '');
  assert.is(csvField(Number.NaN), '');
});

test('commas, quotes, CR and LF are quoted, quotes doubled', () => {
  assert.is(csvField('a,b'), '"a,b"');
  assert.is(csvField('say "hi"'), '"say ""hi"""');
  assert.is(csvField('line 1\nline 2'), '"line 1\nline 2"');
  assert.is(csvField('x\r\ny'), '"x\r\ny"');
});

test('text starting like a formula is prefixed with an apostrophe', () => {
  for (const evil of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tTAB', '\r=x']) {
    const field = csvField(evil);
    const [[parsed]] = parseCsv(`${field}\r\n`) as [[string]];
    assert.is(parsed, `'${evil}`, JSON.stringify(evil));
  }
  assert.is(csvField('=HYPERLINK("http://evil","x")'), '"\'=HYPERLINK(""http://evil"",""x"")"');
  assert.is(csvField('a=b'), 'a=b');
});

test('a line round-trips through a strict RFC 4180 parser', () => {
  const values = ['id-1', 'Ünïcode, "quoted"\nname', '=cmd|\' /C calc\'!A0', 0.5, null];
  const parsed = parseCsv(csvLine(values) + csvLine(['x', 'y', 'z', 1, 2]));
  assert.equal(parsed, [
    ['id-1', 'Ünïcode, "quoted"\nname', "'=cmd|' /C calc'!A0", '0.5', ''],
    ['x', 'y', 'z', '1', '2'],
  ]);
  assert.ok(csvLine(['a']).endsWith('\r\n'));
});

test.run();
