// xAPI forwarding with a real learner: Chromium plays a SCORM 2004 SCO in the player, and the
// statements its calls lead to reach an LRS stand-in (header and auth enforced), in order, each
// valid against the xAPI 1.0.3 statement schema.
import * as assert from 'uvu/assert';
import { registrationUuid } from '../../server/xapi/xapi-ids.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { startLrsReceiver } from '../helpers/lrs-receiver.ts';
import { register, testPackage, uploadPackage } from '../helpers/player.ts';
import { assertValidStatements } from '../xapi/statement-schema.ts';

if (browserAvailable('player xAPI forwarding')) {
  const auth = { key: 'browser-lms', secret: 'browser-secret' };
  const lrs = await startLrsReceiver(auth);
  const test = browserSuite('player: xAPI forwarding from a SCO played in Chromium', {
    app: {
      env: {
        ...lrs.env,
        SCORM_OUTBOX_POLL_MS: '20',
      },
    },
    teardown: () => lrs.stop(),
  });

  const script = `
    var api = window.scormApi;
    api.Initialize('');
    api.SetValue('cmi.interactions.0.id', 'capital');
    api.SetValue('cmi.interactions.0.type', 'fill-in');
    api.SetValue('cmi.interactions.0.description', 'The capital of France');
    api.SetValue('cmi.interactions.0.correct_responses.0.pattern', 'Paris');
    api.SetValue('cmi.interactions.0.learner_response', 'Paris');
    api.SetValue('cmi.interactions.0.result', 'correct');
    api.SetValue('cmi.score.raw', '10');
    api.SetValue('cmi.score.min', '0');
    api.SetValue('cmi.score.max', '10');
    api.SetValue('cmi.score.scaled', '1');
    api.SetValue('cmi.completion_status', 'completed');
    api.SetValue('cmi.success_status', 'passed');
    api.Commit('');
    api.SetValue('cmi.exit', 'normal');
    api.Terminate('');`;

  test('a SCO that answers, scores, passes and terminates: its statements reach the LRS in order', async ({ t, browser }) => {
    const packageId = await uploadPackage(t, await testPackage('2004', [{ id: 'quiz', title: 'Quiz', script }]));
    const reg = await register(t, packageId);
    const page = await browser.newPage();
    await page.goto(reg.launchUrl);
    const expected = ['launched', 'initialized', 'answered', 'scored', 'completed', 'passed', 'terminated'];
    await lrs.waitFor(expected.length);
    const statements = lrs.statements as Array<Record<string, any>>;
    assert.equal(statements.map((s) => s.verb.display['en-US']), expected);
    assert.ok(statements.every((s) => s.context.registration === registrationUuid(reg.id)));
    assert.equal(statements[2]!.object.definition.interactionType, 'fill-in');
    assert.equal(statements[2]!.result, { response: 'Paris', success: true });
    assert.equal(statements[5]!.result.score, { scaled: 1, raw: 10, min: 0, max: 10 });
    assertValidStatements(statements);
    await page.close();
  });

  test.run();
}
