// SCORM 2004 interaction formats per type (RTE §4.2.9.1-4.2.9.2; digest §8), through SetValue so
// that hard maxima (351), uniqueness (351) and type changes are covered too.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isValidResponse } from '../../../scorm/cmi/responses-2004.ts';
import { api2004 } from '../helpers.ts';

const test = suite('2004 interaction responses');

// [type, value, valid as learner_response, valid as correct pattern]
const ROWS: [string, string, boolean, boolean][] = [
  ['true-false', 'true', true, true], ['true-false', 'false', true, true], ['true-false', 't', false, false],
  ['true-false', '', false, false], ['true-false', 'True', false, false],
  ['choice', 'a', true, true], ['choice', '', true, true], ['choice', 'a[,]b[,]c', true, true],
  ['choice', 'uri.uri.uri.abcd[,]testuri', true, true], ['choice', 'a[,]a', false, false], ['choice', '[,]a', false, false],
  ['choice', 'a[,]', false, false], ['choice', 'a b', false, false], ['choice', 'a{b}', false, false],
  ['choice', Array.from({ length: 36 }, (_, i) => `c${i}`).join('[,]'), true, true],
  ['choice', Array.from({ length: 37 }, (_, i) => `c${i}`).join('[,]'), false, false],
  ['fill-in', 'Paris', true, true], ['fill-in', '', true, true], ['fill-in', '[,]', true, true],
  ['fill-in', '{lang=fr}Paris[,]{lang=de}Berlin', true, true], ['fill-in', '{lang=frl}Paris', false, false],
  ['fill-in', '{case_matters=true}Paris', true, true], ['fill-in', '{case_matters=invalid}z', true, false],
  ['fill-in', '{order_matters=false}{case_matters=true}a[,]b', true, true],
  ['fill-in', '{lang=eng}{order_matters=true}{case_matters=invalid}a[,]b', true, true],
  ['fill-in', 'a'.repeat(250), true, true], ['fill-in', 'a'.repeat(251), false, false],
  ['fill-in', Array(10).fill('x').join('[,]'), true, true], ['fill-in', Array(11).fill('x').join('[,]'), false, false],
  ['long-fill-in', 'a'.repeat(4000), true, true], ['long-fill-in', 'a'.repeat(4001), false, false],
  ['long-fill-in', '{lang=en-US}' + 'a'.repeat(4000), true, true], ['long-fill-in', '{case_matters=true}{lang=de}Text', true, true],
  ['long-fill-in', '{case_matters=yes}Text', true, false], ['long-fill-in', '{lang=xx1}Text', false, false],
  ['likert', 'strongly_agree', true, true], ['likert', '', false, false], ['likert', 'a[,]b', false, false],
  ['matching', '1[.]a', true, true], ['matching', '1[.]a[,]2[.]b', true, true], ['matching', '', true, false],
  ['matching', 'z', false, false], ['matching', 'a[.]', false, false], ['matching', 'a[.]b[.]c', false, false],
  ['matching', '1[.]a[,]1[.]a', true, true],
  ['performance', 'step1[.]answer', true, true], ['performance', '[.]answer', true, true], ['performance', 'step1[.]', true, true],
  ['performance', '[.]', false, false], ['performance', '', false, false], ['performance', 'noseparator', false, false],
  ['performance', 's1[.]1[:]5', true, true], ['performance', 's1[.]5[:]1', true, false],
  ['performance', '{order_matters=false}s1[.]a[,]s2[.]b', false, true],
  ['performance', Array(250).fill('s[.]a').join('[,]'), true, false], ['performance', Array(125).fill('s[.]a').join('[,]'), true, true],
  ['sequencing', 'a[,]b[,]c', true, true], ['sequencing', 'a[,]a', true, true], ['sequencing', '', false, false],
  ['sequencing', 'a[,][,]b', false, false],
  ['numeric', '3.5', true, false], ['numeric', '-400', true, false], ['numeric', '-400[:]-500.00', false, false],
  ['numeric', '1[:]5', false, true], ['numeric', '[:]5', false, true], ['numeric', '1[:]', false, true], ['numeric', '[:]', false, true],
  ['numeric', '300[:]1.5', false, false], ['numeric', 'abc', false, false], ['numeric', '1[:]2[:]3', false, false],
  ['other', 'anything at all, even [,] and {x}', true, true], ['other', 'a'.repeat(4001), false, false],
];

for (const [type, value, response, pattern] of ROWS) {
  const shown = value.length > 30 ? value.slice(0, 20) + '…' + value.length : value;
  test(`${type} ${JSON.stringify(shown)}: learner_response ${response}, pattern ${pattern}`, () => {
    assert.is(isValidResponse(type, value, 'response'), response);
    assert.is(isValidResponse(type, value, 'pattern'), pattern);
    const { api } = api2004();
    api.SetValue('cmi.interactions.0.id', 'i0');
    api.SetValue('cmi.interactions.0.type', type);
    assert.is(api.SetValue('cmi.interactions.0.learner_response', value), String(response));
    assert.is(api.GetLastError(), response ? '0' : '406');
    assert.is(api.SetValue('cmi.interactions.0.correct_responses.0.pattern', value), String(pattern));
    assert.is(api.GetLastError(), pattern ? '0' : '406');
  });
}

for (const [type, first, second] of [['true-false', 'true', 'false'], ['likert', 'a', 'b'], ['numeric', '1[:]2', '3[:]4'], ['other', 'x', 'y']]) {
  test(`${type} holds one correct pattern: the second is 351 (CTS DMI 3.1.553)`, () => {
    const { api } = api2004();
    api.SetValue('cmi.interactions.0.id', 'i0');
    api.SetValue('cmi.interactions.0.type', type!);
    assert.is(api.SetValue('cmi.interactions.0.correct_responses.0.pattern', first!), 'true');
    assert.is(api.SetValue('cmi.interactions.0.correct_responses.1.pattern', second!), 'false');
    assert.is(api.GetLastError(), '351');
    assert.is(api.SetValue('cmi.interactions.0.correct_responses.0.pattern', second!), 'true'); // overwrite is fine
  });
}

test('choice patterns are unique as sets, sequencing in order; others may repeat', () => {
  const { api } = api2004();
  api.SetValue('cmi.interactions.0.id', 'c');
  api.SetValue('cmi.interactions.0.type', 'choice');
  assert.is(api.SetValue('cmi.interactions.0.correct_responses.0.pattern', 'a[,]b'), 'true');
  assert.is(api.SetValue('cmi.interactions.0.correct_responses.1.pattern', 'b[,]a'), 'false');
  assert.is(api.GetLastError(), '351');
  assert.is(api.SetValue('cmi.interactions.0.correct_responses.1.pattern', 'a[,]c'), 'true');
  api.SetValue('cmi.interactions.1.id', 's');
  api.SetValue('cmi.interactions.1.type', 'sequencing');
  assert.is(api.SetValue('cmi.interactions.1.correct_responses.0.pattern', 'a[,]b'), 'true');
  assert.is(api.SetValue('cmi.interactions.1.correct_responses.1.pattern', 'b[,]a'), 'true');
  assert.is(api.SetValue('cmi.interactions.1.correct_responses.2.pattern', 'a[,]b'), 'false');
  api.SetValue('cmi.interactions.2.id', 'f');
  api.SetValue('cmi.interactions.2.type', 'fill-in');
  assert.is(api.SetValue('cmi.interactions.2.correct_responses.0.pattern', 'x'), 'true');
  assert.is(api.SetValue('cmi.interactions.2.correct_responses.1.pattern', 'x'), 'true');
});

test('changing the type discards responses validated under the old one (A-33)', () => {
  const { api } = api2004();
  api.SetValue('cmi.interactions.0.id', 'i');
  api.SetValue('cmi.interactions.0.type', 'choice');
  api.SetValue('cmi.interactions.0.correct_responses.0.pattern', 'a');
  api.SetValue('cmi.interactions.0.correct_responses.1.pattern', 'b');
  api.SetValue('cmi.interactions.0.learner_response', 'a');
  assert.is(api.SetValue('cmi.interactions.0.type', 'choice'), 'true'); // same type keeps them
  assert.is(api.GetValue('cmi.interactions.0.correct_responses._count'), '2');
  assert.is(api.SetValue('cmi.interactions.0.type', 'true-false'), 'true');
  assert.is(api.GetValue('cmi.interactions.0.correct_responses._count'), '0');
  assert.is(api.GetValue('cmi.interactions.0.learner_response'), '');
  assert.is(api.GetLastError(), '403');
});

test.run();
