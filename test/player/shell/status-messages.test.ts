// What the learner reads when a runtime request is refused: an expired, a revoked and an invalid
// link each say so plainly, without a retry (a retry cannot help); a network failure offers one.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { requestFailure } from '../../../player/shell/status-messages.ts';
import { RuntimeRequestError } from '../../../player/transport/runtime-client.ts';

const test = suite('status messages');
const retry = () => undefined;

test('refused links: expired, revoked, invalid', () => {
  const expired = requestFailure(new RuntimeRequestError(401, 'TOKEN_EXPIRED', 'x'), retry);
  assert.is(expired.heading, 'This link has expired');
  const revoked = requestFailure(new RuntimeRequestError(401, 'TOKEN_REVOKED', 'x'), retry);
  assert.is(revoked.heading, 'This link no longer works');
  assert.match(revoked.message ?? '', /newer link/);
  const invalid = requestFailure(new RuntimeRequestError(403, 'FORBIDDEN', 'x'), retry);
  assert.is(invalid.heading, 'This link is not valid');
  for (const panel of [expired, revoked, invalid]) assert.is(panel.actions, undefined);
  assert.is(requestFailure(new RuntimeRequestError(0, 'NETWORK_ERROR', 'x'), retry).actions?.length, 1);
});

test.run();
