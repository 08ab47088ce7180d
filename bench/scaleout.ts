// Commit throughput through a round-robin proxy with 1 web process (the baseline, measured in the
// same run) and with 2, each on MariaDB with a worker process and s3rver beside it, as in
// test/scale-out. 40 learners commit back to back (closed loop) and then at a paced rate.
// The proxy and the load generator share this process; every process shares this machine's cores,
// so the figures say how the work divides, not what more hardware would give (docs/deployment.md).
//   node --import tsx bench/scaleout.ts [--learners 40] [--seconds 8]
import { env } from 'node:process';
import { testPackage } from '../test/helpers/player.ts';
import { startCluster, type Cluster } from '../test/helpers/scale-out-cluster.ts';
import { numberArg, percentile, post, runFor } from './lib/http-load.ts';

const arg = numberArg;
const LEARNERS = arg('learners', 40);
const SECONDS = arg('seconds', 8);
const DATABASE_URL = env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/';



async function summarised(run: Promise<{ latencies: number[]; elapsed: number }>) {
  const { latencies, elapsed } = await run;
  const sorted = latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / elapsed, p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: latencies.length, elapsed };
}

async function measure(webProcesses: number): Promise<void> {
  const cluster: Cluster = await startCluster(DATABASE_URL, webProcesses);
  try {
    const zip = await testPackage('2004', [{ id: 'sco1', title: 'Bench SCO' }]);
    const uploaded = await cluster.admin('/api/v1/packages?wait=true', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: new Uint8Array(zip) });
    const packageId = ((await uploaded.json()) as { id: string }).id;
    const learners: Array<{ url: string; session: string; sequence: number }> = [];
    for (let i = 0; i < LEARNERS; i++) {
      const res = await cluster.admin('/api/v1/registrations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: `bench-${i}`, package_id: packageId, learner: { id: `learner-${i}`, name: `Learner ${i}` } }),
      });
      const token = new URL(((await res.json()) as { launch_url: string }).launch_url).searchParams.get('token')!;
      const base = `${cluster.deliveryProxy.origin}/runtime/bench-${i}`;
      const opened = await post(`${base}/attempts?token=${token}`, JSON.stringify({ item: 'sco1' }));
      const { session_id } = JSON.parse(opened.text) as { session_id: string };
      learners.push({ url: `${base}/commit?token=${token}`, session: session_id, sequence: 0 });
    }
    const commitOnce = async (worker: number, n: number) => {
      const learner = learners[worker]!;
      learner.sequence += 1;
      const { status, text } = await post(
        learner.url,
        JSON.stringify({
          session_id: learner.session,
          sequence: learner.sequence,
          item: 'sco1',
          attempt: 1,
          reason: 'autosave',
          changes: [
            ['cmi.location', `page-${n}`],
            ['cmi.progress_measure', String((n % 100) / 100)],
            ['cmi.score.scaled', String((n % 100) / 100)],
            ['cmi.suspend_data', `state:${n}:`.padEnd(512, 'x')],
          ],
        }),
      );
      if (status !== 200) throw new Error(`commit answered ${status}: ${text}`);
    };
    const label = `${webProcesses} web process${webProcesses > 1 ? 'es' : ''}`;
    const show = (what: string, r: Awaited<ReturnType<typeof summarised>>) =>
      console.log(`${label.padEnd(16)} ${what.padEnd(18)} ${String(Math.round(r.perSecond)).padStart(6)} commits/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   (${r.count} in ${r.elapsed.toFixed(1)} s)`);
    show('closed loop', await summarised(runFor(SECONDS, LEARNERS, commitOnce)));
    show('offered 300/s', await summarised(runFor(SECONDS, LEARNERS, commitOnce, 300)));
    const perBackend = new Map<number, number>();
    for (const s of cluster.deliveryProxy.served) perBackend.set(s.backend, (perBackend.get(s.backend) ?? 0) + 1);
    console.log(`${label.padEnd(16)} requests per web process: ${[...perBackend.entries()].sort().map(([b, n]) => `#${b}: ${n}`).join(', ')}`);
  } finally {
    await cluster.stop();
  }
}

console.log(`scale-out benchmark: ${LEARNERS} learners, ${SECONDS} s per run, MariaDB, s3rver, round-robin proxy in the load generator's process`);
await measure(1);
await measure(2);
