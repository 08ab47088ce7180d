// What the HTTP benches share: command-line options, a keep-alive POST, the load loop and
// percentiles.
import { Agent, request } from 'node:http';
import { argv } from 'node:process';

/** `--name <value>` from the command line, or `fallback`. */
export function stringArg(name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i > 0 ? (argv[i + 1] ?? fallback) : fallback;
}

/** `--name <number>` from the command line, or `fallback`. */
export function numberArg(name: string, fallback: number): number {
  return Number(stringArg(name, String(fallback)));
}

// The load generator shares the two cores with the server and MariaDB: node:http with a
// keep-alive agent costs it about half of what fetch does per request.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs a JSON body over the shared keep-alive agent; answers the status and the body text. */
export function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The p-th percentile of ascending `sorted` (NaN when empty). */
export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

/** The middle of `samples` (the mean of the two middle ones for an even count; NaN when empty). */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : sorted.length ? (sorted[mid - 1]! + sorted[mid]!) / 2 : NaN;
}

/**
 * Each worker runs `work` back to back (closed loop) or, with `ratePerSecond`, paced so that all
 * workers together offer that rate (a learner never has two commits in flight, as in the player).
 * In the closed loop latency is bound to be workers / throughput (Little's law); the paced run
 * shows the latency at a given load.
 */
export async function runFor(
  seconds: number,
  workers: number,
  work: (worker: number, n: number) => Promise<void>,
  ratePerSecond?: number,
): Promise<{ latencies: number[]; elapsed: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const interval = ratePerSecond ? (workers * 1000) / ratePerSecond : 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      let next = started + (interval * worker) / workers;
      for (let n = 0; performance.now() < deadline; n++) {
        if (interval) {
          const wait = next - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          next += interval;
        }
        const t0 = performance.now();
        await work(worker, n);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, elapsed: (performance.now() - started) / 1000 };
}
