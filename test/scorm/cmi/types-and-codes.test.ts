// Data types checked against the CTS's own language cases, error codes and strings per version.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DATA_TYPES } from '../../../scorm/cmi/data-types.ts';
import { ERROR_CODES, errorCode, errorString, knownCodes, type ErrorName } from '../../../scorm/cmi/error-codes.ts';
import { isLanguageTag } from '../../../scorm/cmi/language-code.ts';
import { CTS_SCRIPTS_DIR } from '../../helpers/fixtures.ts';

const test = suite('data types and error codes');

// Every `{lang=…}` SetValue of the ADL CTS DMI script with its expected result (0 or 406).
const dmi = readFileSync(resolve(CTS_SCRIPTS_DIR, 'DMI.properties'), 'utf8');
const cases = new Map<string, boolean>();
for (const m of dmi.matchAll(/SET->[^!\n]*!\{lang=([^}\n]*)\}[^\n]*->[tf]->(0|406)$/gm)) cases.set(m[1]!, m[2] === '0');

test('the CTS has hundreds of language cases', () => {
  assert.ok(cases.size > 700, String(cases.size));
});

test('language_type agrees with every CTS {lang=} case (A-26)', () => {
  const wrong = [...cases].filter(([tag, valid]) => isLanguageTag(tag) !== valid).map(([t]) => t);
  assert.equal(wrong, []);
});

const TYPES: [keyof typeof DATA_TYPES, string[], string[]][] = [
  ['CMIDecimal', ['0', '-1', '12.5', '.5', '100'], ['', '1e2', '+1', '1.', '1,5', 'abc', ' 1']],
  ['CMIIdentifier', ['a', 'q1_a', 'obj-1', 'urn:x', 'a'.repeat(255)], ['', 'a b', 'a'.repeat(256), 'tab\t', 'é']],
  ['CMITime', ['00:00:00', '23:59:59.99', '12:30:00.5'], ['24:00:00', '1:00:00', '12:60:00', '12:00:00.123', '']],
  ['CMITimespan', ['00:00:00', '0000:00:00.00', '9999:59:59.99', '123:04:05.6'], ['1:00:00', '00000:00:00', '00:60:00', '', 'PT1S']],
  ['CMISInteger', ['0', '-1', '32768'], ['1.0', '', 'x']],
  ['real', ['0', '-1', '+1', '.5', '5.', '3.1415926'], ['', '1e3', 'NaN', 'Infinity', '0x10', '1..2', '- 1']],
  ['timeinterval', ['PT0S', 'P1D', 'PT1.5S', 'P1Y2M3DT4H5M6S', 'PT100000H'], ['P', 'PT', 'P1DT', 'PT1.555S', 'P-1D', 'PT1H1H']],
  ['time', ['2004', '2038-01-19T03:14:07.99Z', '2000-02-29'], ['1900', '2001-02-29', '2004-04-31', '2004-04-01T09:45:58Z']],
  ['long_identifier_type', ['urn:adl:lmsTest/OBJ01', 'INTID0', '1', 'http://x.org/a?b=c#d', 'ok%2F'], ['', ' ', 'urn:', 'urn::x', 'a<b', 'a|b', '%g0']],
  ['localized_string_type', ['', 'plain', '{lang=en}x', '{lang=zh-Hans}x', '{lang=x-private}x', '{lang=i-klingon}x', '{lang=I-Navajo}x', '{lang=en'],
    ['{lang=}x', '{lang=exg}x', '{lang=en-XX}x', '{lang=123}x', '{lang=e}x', '{lang=i-bogus}x']],
  ['language_type', ['', 'en', 'EN', 'de-CH', 'ar-sa', 'fre', 'sgn-BE-fr', 'art-lojban', 'qaa'], ['sp', 'frl', 'ruq-JM', 'en_US', 'en-']],
];

for (const [type, valid, invalid] of TYPES) {
  test(`${type}: ${valid.length} valid, ${invalid.length} invalid`, () => {
    for (const v of valid) assert.ok(DATA_TYPES[type].test(v), `${type} should accept ${JSON.stringify(v)}`);
    for (const v of invalid) assert.not.ok(DATA_TYPES[type].test(v), `${type} should reject ${JSON.stringify(v)}`);
  });
}

test('1.2 codes are exactly 0, 101, 201-203, 301, 401-405', () => {
  assert.equal(knownCodes('1.2'), [0, 101, 201, 202, 203, 301, 401, 402, 403, 404, 405]);
  for (const name of Object.keys(ERROR_CODES) as ErrorName[]) assert.ok(knownCodes('1.2').includes(errorCode('1.2', name)), name);
});

test('2004 codes are exactly the 26 of the RTE', () => {
  assert.equal(knownCodes('2004'), [0, 101, 102, 103, 104, 111, 112, 113, 122, 123, 132, 133, 142, 143, 201, 301, 351, 391, 401, 402, 403, 404, 405, 406, 407, 408]);
  for (const name of Object.keys(ERROR_CODES) as ErrorName[]) assert.ok(knownCodes('2004').includes(errorCode('2004', name)), name);
});

const SWAPS: [ErrorName, number, number][] = [
  ['readOnly', 403, 404], ['writeOnly', 404, 405], ['keywordWrite', 402, 404], ['typeMismatch', 405, 406], ['outOfRange', 405, 407],
  ['getBeforeInit', 301, 122], ['setAfterTerminate', 101, 133], ['setOutOfOrder', 101, 351], ['getOutOfRange', 101, 301],
  ['noChildren', 202, 301], ['notArray', 203, 301], ['unknownLeaf', 201, 401], ['undefinedElement', 401, 401],
  ['alreadyInitialized', 101, 103], ['commitFailure', 101, 391], ['dependency', 101, 408], ['notImplemented', 401, 402],
];
for (const [name, v12, v2004] of SWAPS) {
  test(`${name} is ${v12} in 1.2 and ${v2004} in 2004`, () => {
    assert.is(errorCode('1.2', name), v12);
    assert.is(errorCode('2004', name), v2004);
  });
}

test('every known code has a string of at most 255 characters; unknown codes give ""', () => {
  for (const version of ['1.2', '2004'] as const) {
    for (const code of knownCodes(version)) {
      const s = errorString(version, String(code));
      assert.ok(s.length > 0 && s.length <= 255, `${version} ${code}`);
    }
    for (const bad of ['', '001', '999', 'abc', '-1']) assert.is(errorString(version, bad), '');
  }
  assert.is(errorString('1.2', '406'), '');
  assert.is(errorString('1.2', '403'), 'Element is read only');
  assert.is(errorString('2004', '403'), 'Data Model Element Value Not Initialized');
});

test.run();
