// Bench: SetValue/GetValue calls per second of our SCORM API and scorm-again's, same call mix,
// same process (status, score, location, 4 KB suspend data, 20 interactions).
// Run: node --import tsx bench/runtime-calls.ts
import { Scorm12API, Scorm2004API } from 'scorm-again';
import { createApi12 } from '../scorm/runtime/api-12.ts';
import { createApi2004 } from '../scorm/runtime/api-2004.ts';
import { RuntimeSession } from '../scorm/runtime/session.ts';

type Call = readonly ['get', string] | readonly ['set', string, string];
interface Facade {
  get(element: string): string;
  set(element: string, value: string): string;
}

const suspend = 'x'.repeat(4000) + '|resume';

function mix12(): Call[] {
  const calls: Call[] = [
    ['get', 'cmi.core.student_id'], ['get', 'cmi.core.entry'], ['get', 'cmi.core.lesson_status'],
    ['get', 'cmi.suspend_data'], ['get', 'cmi.core.lesson_location'],
    ['set', 'cmi.core.lesson_location', 'page-7'], ['set', 'cmi.suspend_data', suspend],
    ['set', 'cmi.core.lesson_status', 'incomplete'], ['set', 'cmi.core.score.raw', '85'],
    ['set', 'cmi.core.score.min', '0'], ['set', 'cmi.core.score.max', '100'],
  ];
  for (let i = 0; i < 20; i++) {
    const p = `cmi.interactions.${i}.`;
    calls.push(['set', p + 'id', `q${i}`], ['set', p + 'type', 'choice'], ['set', p + 'student_response', 'a'],
      ['set', p + 'result', 'correct'], ['set', p + 'latency', '00:00:12.5'], ['get', 'cmi.interactions._count']);
  }
  calls.push(['get', 'cmi.core.score.raw'], ['set', 'cmi.core.session_time', '00:10:00'], ['set', 'cmi.core.exit', 'suspend']);
  return calls;
}

function mix2004(): Call[] {
  const calls: Call[] = [
    ['get', 'cmi.learner_id'], ['get', 'cmi.entry'], ['get', 'cmi.completion_status'],
    ['get', 'cmi.suspend_data'], ['get', 'cmi.location'],
    ['set', 'cmi.location', 'page-7'], ['set', 'cmi.suspend_data', suspend],
    ['set', 'cmi.completion_status', 'incomplete'], ['set', 'cmi.success_status', 'passed'],
    ['set', 'cmi.score.scaled', '0.85'], ['set', 'cmi.score.raw', '85'], ['set', 'cmi.progress_measure', '0.5'],
  ];
  for (let i = 0; i < 20; i++) {
    const p = `cmi.interactions.${i}.`;
    calls.push(['set', p + 'id', `urn:q:${i}`], ['set', p + 'type', 'choice'], ['set', p + 'learner_response', 'a[,]b'],
      ['set', p + 'result', 'correct'], ['set', p + 'latency', 'PT12.5S'], ['get', 'cmi.interactions._count']);
  }
  calls.push(['get', 'cmi.score.scaled'], ['set', 'cmi.session_time', 'PT10M'], ['set', 'cmi.exit', 'suspend']);
  return calls;
}

function run(make: () => Facade, calls: Call[], seconds: number): number {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const api = make(); // a fresh session each round, so interactions are created every time
    for (let r = 0; r < 10; r++) {
      for (const c of calls) {
        const out = c[0] === 'get' ? api.get(c[1]) : api.set(c[1], c[2]);
        if (c[0] === 'set' && out !== 'true') throw new Error(`${c[1]} failed`);
      }
      done += calls.length;
    }
  }
  return done / seconds;
}

const quiet = { logLevel: 5, autocommit: false, lmsCommitUrl: false } as const;

const ours12 = (): Facade => {
  const api = createApi12(new RuntimeSession({ version: '1.2', learnerId: 'l1', learnerName: 'L, One', entry: 'ab-initio' }));
  api.LMSInitialize('');
  return { get: (e) => api.LMSGetValue(e), set: (e, v) => api.LMSSetValue(e, v) };
};
const theirs12 = (): Facade => {
  const api = new Scorm12API(quiet);
  api.LMSInitialize();
  return { get: (e) => api.LMSGetValue(e), set: (e, v) => api.LMSSetValue(e, v) };
};
const ours2004 = (): Facade => {
  const api = createApi2004(new RuntimeSession({ version: '2004', learnerId: 'l1', learnerName: 'L One', entry: 'ab-initio' }));
  api.Initialize('');
  return { get: (e) => api.GetValue(e), set: (e, v) => api.SetValue(e, v) };
};
const theirs2004 = (): Facade => {
  const api = new Scorm2004API(quiet);
  api.Initialize();
  return { get: (e) => api.GetValue(e), set: (e, v) => api.SetValue(e, v) };
};

const seconds = Number(process.env.BENCH_SECONDS ?? 2);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(12);
for (const [label, calls, ours, theirs] of [
  ['SCORM 1.2 ', mix12(), ours12, theirs12],
  ['SCORM 2004', mix2004(), ours2004, theirs2004],
] as const) {
  run(ours, calls, 0.3); // warm-up
  run(theirs, calls, 0.3);
  const a = run(ours, calls, seconds);
  const b = run(theirs, calls, seconds);
  console.log(`${label}  ours ${fmt(a)} calls/s   scorm-again ${fmt(b)} calls/s   ratio ${(a / b).toFixed(2)}x`);
}
