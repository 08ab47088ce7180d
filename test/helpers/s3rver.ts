// Starts s3rver in a child process (it needs --openssl-legacy-provider) on an ephemeral port
// with one bucket in a temp directory; stop() kills it and removes the directory.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningS3rver {
  endpoint: string;
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

const SCRIPT = resolve(import.meta.dirname, 's3rver-process.mjs');

export async function startS3rver(bucket = 'test-bucket', timeoutMs = 15_000): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 'scorm-s3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', SCRIPT, directory, bucket], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  let port: number;
  try {
    port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error(`s3rver did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /\{"port":(\d+)\}/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolvePort(Number(match[1]));
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`s3rver exited before listening:\n${output}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
    throw error;
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
