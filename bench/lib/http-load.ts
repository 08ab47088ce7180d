// What the HTTP benches share: numeric command-line options, a keep-alive POST and percentiles.
import { Agent, request } from 'node:http';
import { argv } from 'node:process';

/** `--name <number>` from the command line, or `fallback`. */
export function numberArg(name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  return i > 0 ? Number(argv[i + 1]) : fallback;
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
