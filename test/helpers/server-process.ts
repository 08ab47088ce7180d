// Runs the server as a real child process and waits for it to listen: server/main.ts under tsx by
// default, or another entry (the bundle `npm start` runs, build/server/start.cjs).
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  /** The admin origin printed at start-up. */
  url: string;
  /** The delivery origin printed at start-up (player, runtime, content). */
  deliveryUrl: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const WEB_READY = /listening on (http:\/\/\S+?)\/?\s/;

/** Waits for the lines a web process prints once it listens; `ready` for another role's line. */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
  nodeFlags: string[] = [],
  ready = WEB_READY,
  entry: string[] = ['--import', 'tsx', 'server/main.ts'],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeFlags, ...entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep the first and the latest output only: a long run logs a line per request.
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk;
    if (output.length > 200_000) output = output.slice(0, 20_000) + '\n[…]\n' + output.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const [url, deliveryUrl] = await new Promise<[string, string]>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), timeoutMs);
    const check = () => {
      const match = ready.exec(output);
      // A web process prints both origins in one write; another role prints no delivery line.
      const delivery = /delivery:\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (match && (delivery || ready !== WEB_READY)) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolvePromise([match[1] ?? '', delivery?.[1] ?? '']);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    url,
    deliveryUrl,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs main.ts expecting it to fail at start; returns its exit code and output. */
export async function runServerExpectingExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  return { code, output };
}
