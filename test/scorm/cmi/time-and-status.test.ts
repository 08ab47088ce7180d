// Time arithmetic of both versions and the statuses the LMS evaluates (1.2 RTE §3.4.4; 2004 RTE
// §4.2.4.1, §4.2.22, §4.2.25; CTS DMB sums).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  addDurations, addTimespans, durationToCentiseconds, formatDuration, formatTimespan, timeToSeconds, timespanToCentiseconds,
} from '../../../scorm/cmi/duration.ts';
import { evaluateCompletion, evaluateSuccess, lessonStatusAtFinish } from '../../../scorm/cmi/status.ts';

const test = suite('time and status');

const SUMS_2004: [string, string, string][] = [
  ['PT0H0M0S', 'PT01M', 'PT1M'], ['PT1M', 'PT0H0M0S', 'PT1M'], ['PT1M', 'PT01H059M020S', 'PT2H20S'],
  ['PT2H20S', 'PT0H05M49S', 'PT2H6M9S'], ['PT0S', 'PT0.5S', 'PT0.5S'], ['PT59.99S', 'PT0.01S', 'PT1M'],
  ['P1D', 'PT1H', 'PT25H'], ['P0Y029DT0H', 'PT0S', 'PT696H'], ['PT1.25S', 'PT1.25S', 'PT2.5S'], ['bogus', 'PT1S', 'PT1S'],
  ['PT0H0M0S', 'PT0S', 'PT0H0M0S'],
];
for (const [a, b, sum] of SUMS_2004) test(`${a} + ${b} = ${sum}`, () => assert.is(addDurations(a, b), sum));

const SUMS_12: [string, string, string][] = [
  ['0000:00:00.00', '00:10:00', '0000:10:00.00'], ['0001:59:59.99', '00:00:00.01', '0002:00:00.00'],
  ['00:00:30.5', '00:00:30.5', '0000:01:01.00'], ['9999:00:00', '01:00:00', '9999:59:59.99'], ['bad', '00:00:01', '0000:00:01.00'],
  ['0000:00:00.00', '0000:00:00.00', '0000:00:00.00'], ['12:34:56.7', '0100:00:00.3', '0112:34:57.00'],
];
for (const [a, b, sum] of SUMS_12) test(`${a} + ${b} = ${sum}`, () => assert.is(addTimespans(a, b), sum));

test('conversions', () => {
  assert.is(durationToCentiseconds('P1Y'), 3_153_600_000);
  assert.is(durationToCentiseconds('P1M'), 262_802_900);
  assert.is(durationToCentiseconds('PT1M'), 6000);
  assert.ok(Number.isNaN(durationToCentiseconds('PT')));
  assert.is(timespanToCentiseconds('01:00:00.5'), 360_050);
  assert.ok(Number.isNaN(timespanToCentiseconds('1:00:00')));
  assert.is(timeToSeconds('PT1H30M'), 5400);
  assert.is(timeToSeconds('0001:30:00'), 5400);
  assert.is(formatDuration(360_050), 'PT1H0.5S');
  assert.is(formatTimespan(360_050), '0001:00:00.50');
});

// [lesson_status, mode, credit, mastery, raw] → expected (digest §9.2, A-11)
const FINISH: [string, string, string, string, string, string][] = [
  ['not attempted', 'normal', 'credit', '', '', 'completed'],
  ['not attempted', 'normal', 'credit', '80', '', 'completed'],
  ['not attempted', 'normal', 'credit', '80', '85', 'passed'],
  ['not attempted', 'normal', 'credit', '80', '80', 'passed'],
  ['not attempted', 'normal', 'credit', '80', '79.9', 'failed'],
  ['not attempted', 'normal', 'no-credit', '80', '85', 'completed'],
  ['not attempted', 'normal', 'no-credit', '80', '10', 'completed'],
  ['not attempted', 'normal', 'no-credit', '', '', 'completed'],
  ['not attempted', 'browse', 'no-credit', '80', '85', 'browsed'],
  ['not attempted', 'browse', 'credit', '', '', 'browsed'],
  ['not attempted', 'review', 'no-credit', '80', '85', 'not attempted'],
  ['incomplete', 'normal', 'credit', '80', '95', 'incomplete'],
  ['failed', 'normal', 'credit', '80', '95', 'failed'],
  ['passed', 'normal', 'credit', '80', '10', 'passed'],
  ['completed', 'normal', 'credit', '', '', 'completed'],
  ['browsed', 'browse', 'no-credit', '', '', 'browsed'],
  ['incomplete', 'review', 'no-credit', '80', '95', 'incomplete'],
];
for (const [status, mode, credit, masteryScore, scoreRaw, expected] of FINISH) {
  test(`LMSFinish: ${status}, ${mode}, ${credit}, mastery ${masteryScore || '-'}, raw ${scoreRaw || '-'} → ${expected}`, () => {
    assert.is(lessonStatusAtFinish({ status, mode, credit, masteryScore, scoreRaw }), expected);
  });
}

const COMPLETION: [string | undefined, string | undefined, string | undefined, string][] = [
  [undefined, undefined, undefined, 'unknown'], ['completed', undefined, undefined, 'completed'],
  ['incomplete', undefined, '1', 'incomplete'], ['completed', '0.8', undefined, 'unknown'], [undefined, '0.8', '0.8', 'completed'],
  ['incomplete', '0.8', '0.9', 'completed'], ['completed', '0.8', '0.5', 'incomplete'], [undefined, '0', '0', 'completed'],
];
for (const [stored, threshold, progress, expected] of COMPLETION) {
  test(`completion: SCO ${stored}, threshold ${threshold}, progress ${progress} → ${expected}`, () => {
    assert.is(evaluateCompletion(stored, threshold, progress), expected);
  });
}

const SUCCESS: [string | undefined, string | undefined, string | undefined, string][] = [
  [undefined, undefined, undefined, 'unknown'], ['passed', undefined, '-1', 'passed'], ['passed', '0.5', undefined, 'unknown'],
  [undefined, '-0.5', '-1.0', 'failed'], ['failed', '-0.5', '1.0', 'passed'], [undefined, '-0.5', '-0.2', 'passed'],
  ['passed', '0.7', '0.69', 'failed'], [undefined, '0.7', '0.7', 'passed'],
];
for (const [stored, passing, scaled, expected] of SUCCESS) {
  test(`success: SCO ${stored}, passing ${passing}, scaled ${scaled} → ${expected}`, () => {
    assert.is(evaluateSuccess(stored, passing, scaled), expected);
  });
}

test.run();
