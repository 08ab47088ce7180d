// The CPU one webhook delivery costs the sending process, alone: N registration.progress
// deliveries through the real webhook sender (body, signature, safe POST) to a receiver in a
// process of its own, sent as the dispatcher sends them (keys in parallel, each key's deliveries
// one after the other). No database: what is measured is the send, not the claim and settle.
//   node --import tsx bench/webhook-deliveries.ts [--deliveries 20000] [--keys 50] [--rounds 3]
// Add --cpu-prof to node's flags to see where the time goes.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { numberArg } from './lib/http-load.ts';
import type { ClaimedDelivery } from '../server/outbox/outbox-types.ts';
import { createWebhookSender } from '../server/webhooks/webhook-sender.ts';

if (process.argv[2] === '--child') {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  server.listen(0, '127.0.0.1', () => process.send!(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`));
} else {
  const DELIVERIES = numberArg('deliveries', 20_000);
  const KEYS = numberArg('keys', 50);
  const ROUNDS = numberArg('rounds', 3);
  const child = fork(import.meta.filename, ['--child'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const url = await new Promise<string>((resolve) => child.once('message', (m) => resolve(String(m))));
  const sender = createWebhookSender({ target: async () => ({ url, secret: 'whsec_' + 'x'.repeat(43), active: true }) } as never, { allowPrivate: true });

  // A registration.progress payload as the heavy mix makes it (one SCO).
  const payload = (n: number) => ({
    registration: {
      id: `bench-${n % KEYS}`, package_id: 'pkg-0123456789', learner: { id: `learner-${n % KEYS}`, name: `Learner ${n % KEYS}` }, comments_from_lms: [],
      completion_status: 'incomplete', success_status: 'unknown', score: { scaled: (n % 100) / 100 }, total_time_seconds: 0, attempt: 1,
      created_at: new Date().toISOString(), last_accessed_at: new Date().toISOString(),
      scos: [{ id: 'item_1', title: 'Golf', completion_status: 'incomplete', success_status: 'unknown', score: { scaled: (n % 100) / 100 }, total_time_seconds: 0 }],
      package_version: 1, on_new_version: null, effective_on_new_version: 'keep', version_change: null, trace: false,
    },
  });
  const delivery = (n: number): ClaimedDelivery => ({
    id: `d-${n}`, sink: 'webhook', destination: 'hook-1', eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, eventSeq: n,
    type: 'registration.progress', orderingKey: `registration:bench-${n % KEYS}`, payload: undefined, payloadJson: JSON.stringify(payload(n)), eventCreatedAt: Date.now(), attempts: 1, previousAttemptAt: null, retryUntil: Date.now() + 86_400_000,
  });

  for (let round = 0; round < ROUNDS; round++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    let failed = 0;
    await Promise.all(Array.from({ length: KEYS }, async (_, k) => {
      for (let n = k; n < DELIVERIES; n += KEYS) if (!(await sender.send(delivery(n))).ok) failed++;
    }));
    const { user, system } = process.cpuUsage(cpu);
    const ms = performance.now() - started;
    console.log(`  ${DELIVERIES} deliveries over ${KEYS} keys: ${(DELIVERIES / (ms / 1000)).toFixed(0)}/s, sender CPU ${((user + system) / 1000 / DELIVERIES).toFixed(3)} ms per delivery (user ${(user / 1000 / DELIVERIES).toFixed(3)}, system ${(system / 1000 / DELIVERIES).toFixed(3)})${failed ? `, ${failed} failed` : ''}`);
  }
  child.kill();
}
