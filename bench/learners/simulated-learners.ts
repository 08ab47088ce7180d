// One load process of bench/learners.ts: runs a slice of the simulated learners over HTTP
// keep-alive and sends back what it measured. Started by the bench with child_process.fork.
// Each learner: launch data, open the SCO's attempt, a commit every K seconds (4 KB of
// suspend_data, two new interactions, location, score), every few commits a terminate, then
// a relaunch; never two requests in flight, as in the player.
import { Agent, request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LearnerSlice {
  deliveryUrl: string;
  /** Epoch ms at which the ramp starts; learner `index` arrives at t0 + rampMs * index / total. */
  t0: number;
  rampMs: number;
  steadyMs: number;
  intervalMs: number;
  commitsPerSession: number;
  total: number;
  maxSockets: number;
  learners: Array<{ index: number; id: string; token: string }>;
}

export interface SliceResult {
  /** Commits due inside the steady window (what was offered). */
  offered: number;
  /** ms from due time to answer of every commit answered 200 whose due time fell in the window. */
  commits: number[];
  /** Commits answered 200 inside the window, whenever they fell due (what was achieved). */
  answered: number;
  /** Launch data + open, ms, inside the window. */
  launches: number[];
  /** Failed requests by code (HTTP status and error code, or the network error). */
  errors: Record<string, number>;
  /** Per second since t0 (by answer time, ramp included): commits answered, slowest, over 100 ms, over 1 s, and this process's own worst event-loop delay. */
  timeline: Record<number, TimelineSecond>;
}

export interface TimelineSecond {
  commits: number;
  maxMs: number;
  over100: number;
  over1000: number;
  loadLoopMaxMs: number;
  /** Launches (launch data + open) answered, and the slowest. */
  launches: number;
  launchMaxMs: number;
}

const ITEM = 'item_1';

function send(agent: Agent, method: string, url: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = request(url, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

async function runSlice(slice: LearnerSlice): Promise<SliceResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: slice.maxSockets });
  const windowStart = slice.t0 + slice.rampMs;
  const end = windowStart + slice.steadyMs;
  const inWindow = (t: number) => t >= windowStart && t < end;
  const result: SliceResult = { offered: 0, commits: [], answered: 0, launches: [], errors: {}, timeline: {} };
  const second = (at: number) => (result.timeline[Math.floor((at - slice.t0) / 1000)] ??= { commits: 0, maxMs: 0, over100: 0, over1000: 0, loadLoopMaxMs: 0, launches: 0, launchMaxMs: 0 });
  // This process's own stalls (its GC, its sockets) show here, not as the server's.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const loopSampler = setInterval(() => {
    second(Date.now() - 1000).loadLoopMaxMs = Math.round(loop.max / 1e6);
    loop.reset();
  }, 1000);
  const fail = (what: string, status: number | string, text = '') => {
    let code = '';
    try {
      code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '';
    } catch {}
    const key = `${what} ${status}${code ? ' ' + code : ''}`;
    result.errors[key] = (result.errors[key] ?? 0) + 1;
  };
  /** Sends until it gets an HTTP answer (a reset keep-alive socket is resent, and counted). */
  const call = async (what: string, method: string, url: string, body?: string) => {
    for (let tries = 1; ; tries++) {
      try {
        return await send(agent, method, url, body);
      } catch (error) {
        fail(what, (error as { code?: string }).code ?? 'network');
        if (tries >= 3 || Date.now() > end + 30_000) return { status: 0, text: '' };
        await new Promise((r) => setTimeout(r, 100 * tries));
      }
    }
  };

  let waiting = 0;
  async function learner({ index, id, token }: LearnerSlice['learners'][number]) {
    const base = `${slice.deliveryUrl}/runtime/${encodeURIComponent(id)}`;
    const q = `?token=${token}`;
    // Commits fall due on a phase of their own, every K seconds, once the learner has arrived:
    // the offered rate reaches N / K at the end of the ramp.
    const arrival = slice.t0 + (slice.rampMs * index) / slice.total;
    const phase = Math.random() * slice.intervalMs;
    let due = slice.t0 + phase;
    while (due < arrival) due += slice.intervalMs;
    // Offered: the commits that fall due in the window, whether the learner got to send them or
    // not (a learner still waiting for its launch offers them all the same).
    for (let at = due; at < end; at += slice.intervalMs) if (inWindow(at)) result.offered++;
    await sleepUntil(arrival);
    // Each learner starts somewhere in its session, so terminates happen all along.
    let left = 1 + Math.floor(Math.random() * slice.commitsPerSession);
    while (due < end) {
      const launchedAt = Date.now();
      const launch = await call('launch', 'GET', base + q);
      if (launch.status !== 200) fail('launch', launch.status, launch.text);
      const open = await call('open', 'POST', `${base}/attempts${q}`, JSON.stringify({ item: ITEM }));
      if (open.status !== 201) {
        fail('open', open.status, open.text);
        due += slice.intervalMs;
        await sleepUntil(due);
        continue;
      }
      if (inWindow(launchedAt)) result.launches.push(Date.now() - launchedAt);
      const opened = second(Date.now());
      opened.launches++;
      opened.launchMaxMs = Math.max(opened.launchMaxMs, Date.now() - launchedAt);
      const attempt = JSON.parse(open.text) as { session_id: string; attempt: number; context: { priorState?: { counts?: Record<string, number> } } };
      let interactions = attempt.context.priorState?.counts?.['cmi.interactions'] ?? 0;
      // An attempt holds at most 1,000 interactions (commit-limits.ts): a long run ends it.
      const ending = interactions > 900;
      for (let sequence = 1; left > 0 && due < end; sequence++, left--) {
        await sleepUntil(due);
        const terminate = left === 1 || ending;
        const changes: Array<[string, string]> = [
          ['cmi.location', `page-${sequence}`],
          ['cmi.progress_measure', (Math.random() * 0.9).toFixed(2)],
          ['cmi.score.scaled', Math.random().toFixed(2)],
          ['cmi.score.raw', String(Math.floor(Math.random() * 100))],
          ['cmi.suspend_data', randomBytes(3072).toString('base64')],
        ];
        for (let k = 0; k < 2; k++, interactions++) {
          const p = `cmi.interactions.${interactions}.`;
          changes.push([`${p}id`, `q-${interactions % 40}`], [`${p}type`, 'choice'], [`${p}learner_response`, ['a', 'b', 'c', 'd'][interactions % 4]!], [`${p}result`, Math.random() < 0.6 ? 'correct' : 'incorrect']);
        }
        if (terminate) changes.push(['cmi.exit', Math.random() < 0.5 ? 'suspend' : 'normal'], ['cmi.session_time', `PT${Math.round(slice.intervalMs / 1000) * sequence}S`]);
        const body = JSON.stringify({
          session_id: attempt.session_id,
          sequence,
          item: ITEM,
          attempt: attempt.attempt,
          changes,
          reason: terminate ? 'terminate' : 'autosave',
          ...(terminate ? { end: { sessionTime: `PT${Math.round(slice.intervalMs / 1000) * sequence}S`, sessionTimeReported: true } } : {}),
        });
        waiting++;
        const answer = await call('commit', 'POST', `${base}/commit${q}`, body);
        waiting--;
        const at = Date.now();
        if (inWindow(due) && answer.status === 200) result.commits.push(at - due);
        if (inWindow(at) && answer.status === 200) result.answered++;
        if (answer.status === 200) {
          const s = second(at);
          const latency = Math.round(at - due);
          s.commits++;
          s.maxMs = Math.max(s.maxMs, latency);
          if (latency > 100) s.over100++;
          if (latency > 1000) s.over1000++;
        }
        due += slice.intervalMs;
        // A refused commit: the learner relaunches, as the player would after an error.
        if (answer.status !== 200) fail('commit', answer.status, answer.text);
        if (terminate || answer.status !== 200) break;
      }
      left = slice.commitsPerSession;
    }
  }

  // A server far behind would keep the run going for minutes after the window: 30 s after it,
  // what is still waiting for an answer is counted and left.
  const cut = new Promise<void>((r) => setTimeout(r, end + 30_000 - Date.now()).unref());
  await Promise.race([Promise.all(slice.learners.map(learner)), cut]);
  if (waiting > 0) result.errors['commit unanswered 30 s after the window'] = waiting;
  clearInterval(loopSampler);
  agent.destroy();
  return result;
}

process.on('message', (message: { slice: LearnerSlice }) => {
  void runSlice(message.slice).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (error: unknown) => {
      process.send!({ error: String((error as Error)?.stack ?? error) }, () => process.exit(1));
    },
  );
});
process.send!({ ready: true });
