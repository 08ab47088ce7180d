// The receivers of bench/commits-xapi.ts (an LRS stand-in and a webhook endpoint answering 200)
// in a process of their own: a receiver is another machine's work, and run in the load
// generator's process it took the generator's one core and slowed the commits it measures.
//   startReceivers(auth): forks this file, which answers with its URLs and, when asked, counts.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLrsReceiver } from '../../test/helpers/lrs-receiver.ts';

export interface ReceiverCounts {
  statements: number;
  lrsPosts: number;
  hooks: number;
  /** CPU time the receivers' process has used so far (user + system), in ms. */
  cpuMs: number;
}

export interface Receivers {
  lrsEndpoint: string;
  hookUrl: string;
  counts(): Promise<ReceiverCounts>;
  stop(): Promise<void>;
}

type FromChild = { kind: 'ready'; lrsEndpoint: string; hookUrl: string } | { kind: 'counts'; counts: ReceiverCounts };

export async function startReceivers(auth: { key: string; secret: string }): Promise<Receivers> {
  const child: ChildProcess = fork(import.meta.filename, ['--child', JSON.stringify(auth)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const next = <K extends FromChild['kind']>(kind: K) =>
    new Promise<Extract<FromChild, { kind: K }>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`The receivers' process ended (${code}).`));
      const onMessage = (message: FromChild) => {
        if (message.kind !== kind) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as Extract<FromChild, { kind: K }>);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next('ready');
  return {
    lrsEndpoint: ready.lrsEndpoint,
    hookUrl: ready.hookUrl,
    async counts() {
      const answer = next('counts');
      child.send('counts');
      return (await answer).counts;
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
    },
  };
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function runChild(auth: { key: string; secret: string }): Promise<void> {
  const lrs = await startLrsReceiver(auth);
  let hooks = 0;
  const hookServer = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hooks++;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  process.on('message', () => {
    process.send!({ kind: 'counts', counts: { statements: lrs.statements.length, lrsPosts: lrs.batches.length, hooks, cpuMs: cpuMs() } } satisfies FromChild);
  });
  process.send!({ kind: 'ready', lrsEndpoint: lrs.endpoint, hookUrl: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook` } satisfies FromChild);
}

if (process.argv[2] === '--child') await runChild(JSON.parse(process.argv[3]!) as { key: string; secret: string });
