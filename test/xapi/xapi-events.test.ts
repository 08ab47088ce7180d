// The runtime service with xAPI on, over the in-memory session store: an opening and each commit
// that moves a result carry one xAPI outbox event keyed by the registration; a commit that moves
// nothing carries none and reads nothing more; with xAPI off nothing is produced.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommitBody } from '../../contract/runtime.ts';
import { createMemoryPackageStore } from '../../server/db/memory-package-store.ts';
import { createMemorySessionStore } from '../../server/db/memory-session-store.ts';
import type { RegistrationRecord } from '../../server/db/registration-store.ts';
import { createRuntimeService } from '../../server/runtime/runtime-service.ts';
import { createXapiEvents } from '../../server/xapi/xapi-events.ts';
import { parseManifest } from '../../scorm/manifest/parse-manifest.ts';
import { manifest2004, org, sco } from '../scorm/manifest/build.ts';
import { assertValidStatements } from './statement-schema.ts';

const registration: RegistrationRecord = {
  id: 'reg-x', packageId: 'p', contentId: 'p', learner: { id: 'u-7', name: 'Grace' }, launchNonce: 'n', commentsFromLms: [], attempt: 1, createdAt: 0, lastAccessedAt: null, versionNumber: 1, onNewVersion: null, versionChange: null,
};

function setup(xapiOn: boolean) {
  const packages = createMemoryPackageStore();
  const xml = manifest2004(org('<item identifier="i1" identifierref="r1"><title>One</title></item>'), sco('r1', 'a.html'));
  packages.add({ id: 'p', importJobId: 'j', parsed: parseManifest({ xml, entries: ['a.html'] }).package!, diagnostics: [], files: [], storage: 'local' });
  const sessions = createMemorySessionStore(() => 1);
  let reads = 0;
  const registrations = {
    get: async (id: string) => (reads++, id === registration.id ? registration : undefined),
    getMany: async (ids: readonly string[]) => ids.map((id) => (reads++, id === registration.id ? registration : undefined)),
  };
  const xapi = xapiOn ? { xapi: createXapiEvents({ activityIriBase: 'https://lms.example.com/a', homePage: 'https://lms.example.com' }) } : {};
  const runtime = createRuntimeService({ sessions, packages, registrations, ...xapi });
  return { sessions, runtime, reads: () => reads };
}

const body = (opened: { session_id: string; attempt: number }, sequence: number, changes: CommitBody['changes'], reason: CommitBody['reason'] = 'commit'): CommitBody => ({
  session_id: opened.session_id, sequence, item: 'i1', attempt: opened.attempt, changes, reason, ...(reason === 'terminate' ? { end: {} } : {}),
});

test('an opening and each commit that moves a result carry one xAPI event, keyed by the registration', async () => {
  const { sessions, runtime, reads } = setup(true);
  const opened = await runtime.openAttempt(registration, { mode: 'normal', credit: 'credit' }, 'i1');
  const readsAfterOpening = reads();
  await runtime.commit(registration.id, body(opened, 1, [['cmi.location', 'p2']]));
  await runtime.commit(registration.id, body(opened, 2, [['cmi.completion_status', 'completed']]));
  await runtime.commit(registration.id, body(opened, 3, [['cmi.exit', 'suspend']], 'terminate'));
  const events = sessions.outboxEvents().filter((e) => e.type === 'xapi.statements');
  assert.equal(events.map((e) => e.orderingKey), ['xapi:reg-x', 'xapi:reg-x', 'xapi:reg-x']);
  const statements = events.flatMap((e) => (e.payload as { statements: Array<Record<string, any>> }).statements);
  assert.equal(statements.map((s) => s.verb.display['en-US']), ['launched', 'initialized', 'completed', 'suspended']);
  assert.equal(statements.map((s) => s.actor.account.name), ['u-7', 'u-7', 'u-7', 'u-7']);
  assert.equal(statements[0]!.object.definition.name, { und: 'One' });
  assertValidStatements(statements);
  // The learner was known from the opening: no commit read the registration again.
  assert.is(reads(), readsAfterOpening);
  // A review launch records nothing, so it sends nothing.
  await runtime.openAttempt(registration, { mode: 'review', credit: 'no-credit' }, 'i1');
  assert.is(sessions.outboxEvents().length, events.length);
});

test('with xAPI off, nothing is produced', async () => {
  const { sessions, runtime } = setup(false);
  const opened = await runtime.openAttempt(registration, { mode: 'normal', credit: 'credit' }, 'i1');
  await runtime.commit(registration.id, body(opened, 1, [['cmi.completion_status', 'completed'], ['cmi.exit', 'normal']], 'terminate'));
  assert.equal(sessions.outboxEvents(), []);
});

test.run();
