// A learner driven over the real runtime protocol, without a browser: a registration through the
// admin API, an attempt opened on the delivery origin with its launch token, then commits.
import type { CommitBody } from '../../contract/runtime.ts';

export interface RuntimeLearner {
  registrationId: string;
  /** Sends the next commit; resolves with the answer's status. */
  commit(changes: CommitBody['changes'], reason?: CommitBody['reason']): Promise<number>;
}

export async function startLearner(
  admin: (path: string, init?: RequestInit) => Promise<Response>,
  deliveryUrl: string,
  packageId: string,
  registrationId: string,
  item = 'item_1',
): Promise<RuntimeLearner> {
  const created = await admin('/api/v1/registrations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: registrationId, package_id: packageId, learner: { id: `learner-${registrationId}`, name: 'Ada' } }),
  });
  if (created.status !== 201) throw new Error(`registration: ${created.status} ${await created.text()}`);
  const { launch_url } = (await created.json()) as { launch_url: string };
  const token = new URL(launch_url).searchParams.get('token')!;
  const base = `${deliveryUrl}/runtime/${encodeURIComponent(registrationId)}`;
  const opened = await fetch(`${base}/attempts?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item }) });
  if (!opened.ok) throw new Error(`attempt: ${opened.status} ${await opened.text()}`);
  const { session_id, attempt } = (await opened.json()) as { session_id: string; attempt: number };
  let sequence = 0;
  return {
    registrationId,
    async commit(changes, reason = 'commit') {
      sequence += 1;
      const body: CommitBody = { session_id, sequence, item, attempt, changes, reason };
      const res = await fetch(`${base}/commit?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      return res.status;
    },
  };
}
