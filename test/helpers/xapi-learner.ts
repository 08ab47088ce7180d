// A learner driven through the real HTTP run-time API, as the xAPI tests need one: a
// registration made by the admin API, then sessions (attempt openings) and their commits.
import * as assert from 'uvu/assert';
import type { TestApp } from './test-app.ts';

type Json = Record<string, any>;

export async function learnerRun(t: TestApp, packageId: string, id: string) {
  const res = await t.admin('/api/v1/registrations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, package_id: packageId, learner: { id: `learner-${id}`, name: 'Ada Lovelace' } }),
  });
  const token = new URL(((await res.json()) as Json).launch_url).searchParams.get('token')!;
  const url = (path: string) => `${t.deliveryUrl}/runtime/${id}${path}?token=${token}`;
  const post = async (path: string, body: unknown) => {
    const answer = await fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await answer.json()) as Json;
    assert.ok(answer.status === 200 || answer.status === 201, `${answer.status} ${JSON.stringify(json)}`);
    return json;
  };
  const launch = (await (await fetch(url(''))).json()) as Json;
  const item = (launch.package.organization.items as Json[]).find((i) => i.launch_url)!.identifier as string;
  return {
    item,
    async session() {
      const opened = await post('/attempts', { item });
      let sequence = 0;
      return {
        opened,
        commit: (changes: Array<[string, string]>, reason: 'commit' | 'terminate' = 'commit') =>
          post('/commit', { session_id: opened.session_id, sequence: ++sequence, item, attempt: opened.attempt, changes, reason, ...(reason === 'terminate' ? { end: {} } : {}) }),
      };
    },
  };
}
