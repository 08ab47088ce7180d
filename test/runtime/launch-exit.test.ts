// How a launch ended (server/runtime/launch-exit.ts): the SCO's own end, a newer launch, a closed
// window, and the idle limit read lazily.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { effectiveExit, exitOnSupersede, exitOnTerminate, LAUNCH_IDLE_LIMIT_MS, mayReplace } from '../../server/runtime/launch-exit.ts';

test('Terminate: suspend when the SCO left to come back, else terminate', () => {
  assert.is(exitOnTerminate('suspend', undefined), 'suspend');
  assert.is(exitOnTerminate('', 'suspendAll'), 'suspend', '2004 adl.nav.request suspendAll (RTE 4.4.2)');
  assert.is(exitOnTerminate('normal', 'continue'), 'terminate');
  assert.is(exitOnTerminate('', undefined), 'terminate');
  assert.is(exitOnTerminate('logout', ''), 'terminate');
});

test('superseded: stale while recently alive, timed out past the idle limit', () => {
  assert.is(exitOnSupersede(1_000, 1_000 + LAUNCH_IDLE_LIMIT_MS), 'stale');
  assert.is(exitOnSupersede(1_000, 1_001 + LAUNCH_IDLE_LIMIT_MS), 'timed_out');
});

test('the SCO’s own end replaces a closed window; nothing replaces an end otherwise', () => {
  assert.ok(mayReplace(null, 'window_closed'));
  assert.ok(mayReplace(null, 'stale'));
  assert.ok(mayReplace('window_closed', 'terminate'));
  assert.ok(mayReplace('window_closed', 'suspend'));
  assert.not.ok(mayReplace('window_closed', 'stale'));
  assert.not.ok(mayReplace('terminate', 'window_closed'));
  assert.not.ok(mayReplace('suspend', 'terminate'));
  assert.not.ok(mayReplace('stale', 'terminate'), 'a stale launch cannot end: its commits are refused');
  assert.not.ok(mayReplace('timed_out', 'stale'));
});

test('read lazily: an open launch idle past the limit reads as timed out, and open again once it moves', () => {
  assert.is(effectiveExit(null, 0, LAUNCH_IDLE_LIMIT_MS), null);
  assert.is(effectiveExit(null, 0, LAUNCH_IDLE_LIMIT_MS + 1), 'timed_out');
  assert.is(effectiveExit(null, LAUNCH_IDLE_LIMIT_MS, LAUNCH_IDLE_LIMIT_MS + 1), null);
  assert.is(effectiveExit('suspend', 0, 10 * LAUNCH_IDLE_LIMIT_MS), 'suspend');
});

test.run();
