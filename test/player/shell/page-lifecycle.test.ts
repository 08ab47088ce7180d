// The page lifecycle gate in plain Node (EventTarget stands in for the window and document): a
// step asked for while the page is hidden waits for it to be shown; once the page is gone, never.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PageLifecycle, UNLOAD_CANCELLED_AFTER_MS, type PagePhase } from '../../../player/shell/page-lifecycle.ts';

function fakeWindow() {
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as 'visible' | 'hidden' });
  const timers: { fn: () => void; ms: number }[] = [];
  const win = Object.assign(new EventTarget(), {
    document: doc,
    setTimeout: (fn: () => void, ms: number) => timers.push({ fn, ms }),
    clearTimeout: (id: number) => { if (timers[id - 1]) timers[id - 1]!.fn = () => undefined; },
  });
  const visibility = (state: 'visible' | 'hidden') => {
    doc.visibilityState = state;
    doc.dispatchEvent(new Event('visibilitychange'));
  };
  const pageEvent = (type: string, persisted = false) => win.dispatchEvent(Object.assign(new Event(type), { persisted }));
  return { win: win as unknown as Window, visibility, pageEvent, timers };
}

const test = suite('page lifecycle');

test('shown: a step runs at once', () => {
  const f = fakeWindow();
  const page = new PageLifecycle(f.win);
  let ran = 0;
  page.whenShown(() => ran++);
  assert.is(ran, 1);
});

test('hidden: the step waits for the page to be shown again; a newer step replaces it', () => {
  const f = fakeWindow();
  const phases: PagePhase[] = [];
  const page = new PageLifecycle(f.win, (p) => phases.push(p));
  const ran: string[] = [];
  f.visibility('hidden');
  page.whenShown(() => ran.push('first'));
  page.whenShown(() => ran.push('second'));
  assert.equal(ran, []);
  f.visibility('visible');
  assert.equal(ran, ['second']);
  assert.equal(phases, ['hidden', 'shown']);
});

test('closing (beforeunload then pagehide): the step is dropped for good', () => {
  const f = fakeWindow();
  const page = new PageLifecycle(f.win);
  let ran = 0;
  f.pageEvent('beforeunload');
  assert.is(page.phase, 'leaving');
  page.whenShown(() => ran++);
  f.pageEvent('pagehide');
  f.visibility('hidden');
  f.visibility('visible');
  for (const t of f.timers) t.fn();
  assert.is(ran, 0);
  assert.is(page.phase, 'gone');
});

test('a beforeunload the learner cancelled: once the page is still there, the step runs', () => {
  const f = fakeWindow();
  const page = new PageLifecycle(f.win);
  let ran = 0;
  f.pageEvent('beforeunload');
  page.whenShown(() => ran++);
  assert.is(ran, 0);
  assert.is(f.timers[0]!.ms, UNLOAD_CANCELLED_AFTER_MS);
  f.timers[0]!.fn();
  assert.is(ran, 1);
  assert.is(page.phase, 'shown');
});

test('the back/forward cache: a page hidden with persisted = true comes back and runs its step', () => {
  const f = fakeWindow();
  const page = new PageLifecycle(f.win);
  let ran = 0;
  f.pageEvent('pagehide', true);
  page.whenShown(() => ran++);
  f.pageEvent('pageshow', true);
  assert.is(ran, 1);
});

test('a page that starts hidden (a background tab) starts nothing until shown', () => {
  const f = fakeWindow();
  f.win.document.dispatchEvent(new Event('noop'));
  (f.win.document as unknown as { visibilityState: string }).visibilityState = 'hidden';
  const page = new PageLifecycle(f.win);
  let ran = 0;
  page.whenShown(() => ran++);
  assert.is(ran, 0);
  f.visibility('visible');
  assert.is(ran, 1);
});

test.run();
