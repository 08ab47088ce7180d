// Which navigation requests would succeed now: the player's buttons, the table of contents and
// adl.nav.request_valid.* (RTE 4.4.3). Each answer runs the request process as OP.1 would.
import { isRoot, preorder } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { activityStatus } from './activity-status.ts';
import { SequencingError } from './exceptions.ts';
import { translateNavigationRequest } from './navigation-request.ts';
import { previewNavigationRequest } from './overall-sequencing.ts';
import { hiddenFromChoice } from './sequencing-rules.ts';
import { targetValidity } from './target-validity.ts';
import type { NavigationRequest, NavigationValidity, SequencingState, TocEntry } from './types.ts';

/**
 * Continue and previous are valid when they would deliver something (continue past the end
 * is valid: it ends the session); a choice when it would deliver. The current attempt is
 * terminated in the simulation as the real request would, so call this after reportAttemptEnd
 * for answers that reflect what the SCO reported.
 */
export function navigationValidity(tree: ActivityTree, state: SequencingState): NavigationValidity {
  const valid = (request: NavigationRequest): boolean => {
    const p = previewNavigationRequest(tree, state, request);
    const delivers = request.type === 'start' || request.type === 'resumeAll';
    return p.valid && (!delivers || p.deliver !== null);
  };
  // Continue: valid when the Navigation Request Process (NB.2.1) accepts it, as the ADL
  // conformance suite expects for the control and adl.nav.request_valid.continue (CTS CM-07d
  // offers Continue where the flow later meets a cluster without flow). Previous: only when it
  // would deliver something (CTS CM-07b/c/e: no Previous at the first activity).
  const continueValid = (): boolean => {
    if (tree.mode === '1.2') {
      // SCORM 1.2 has no control modes: continue is valid when it delivers or ends the course.
      const p = previewNavigationRequest(tree, state, { type: 'continue' });
      return p.valid && (p.deliver !== null || p.endSession);
    }
    try {
      translateNavigationRequest(tree, state, { type: 'continue' });
      return true;
    } catch (error) {
      if (error instanceof SequencingError) return false;
      throw error;
    }
  };
  const previousValid = (): boolean => {
    const p = previewNavigationRequest(tree, state, { type: 'previous' });
    return p.valid && p.deliver !== null;
  };
  const { choice, jump } = targetValidity(tree, state);
  const toc: TocEntry[] = [];
  const depthOf = new Map<string, number>();
  for (const node of preorder(tree)) {
    const parentDepth = depthOf.get(tree.parents.get(node.id)?.id ?? '') ?? -1;
    const depth = isRoot(tree, node) ? 0 : parentDepth + 1;
    depthOf.set(node.id, depth);
    const hidden = tree.mode === '2004' && hiddenFromChoice(tree, state, node.id);
    toc.push({
      id: node.id,
      title: node.title,
      depth,
      visible: node.visible && !hidden,
      enabled: choice[node.id]!,
      launchable: node.launchable,
      status: activityStatus(tree, state, node.id),
      current: state.currentActivity === node.id,
    });
  }
  return {
    start: valid({ type: 'start' }),
    resumeAll: valid({ type: 'resumeAll' }),
    continue: continueValid(),
    previous: previousValid(),
    exit: valid({ type: 'exit' }),
    exitAll: valid({ type: 'exitAll' }),
    suspendAll: valid({ type: 'suspendAll' }),
    abandon: valid({ type: 'abandon' }),
    abandonAll: valid({ type: 'abandonAll' }),
    choice,
    jump,
    toc,
  };
}

/**
 * RTE 4.4.3 adl.nav.request_valid.<request>: the answer for `continue`, `previous`,
 * `{target=ID}choice` or `{target=ID}jump` (an unknown target is "false": no such request
 * could succeed); "unknown" for anything else.
 */
export function requestValidAnswer(v: NavigationValidity, request: string): 'true' | 'false' | 'unknown' {
  const answer = (b: boolean | undefined) => (b === true ? 'true' : 'false');
  const targeted = /^\{target=([^}]*)\}(choice|jump)$/.exec(request);
  if (targeted) return answer((targeted[2] === 'choice' ? v.choice : v.jump)[targeted[1]!]);
  if (request === 'continue' || request === 'previous') return answer(v[request]);
  return 'unknown';
}
