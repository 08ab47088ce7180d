// Plays one ADL CTS script against the pure core as one learner: each block's expected delivery,
// its UI questions, its API calls, then the learner's instruction. See README.md beside this.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RuntimeSession } from '../../../../scorm/runtime/session.ts';
import { provisionalResult } from '../../../../player/shell/runtime-result.ts';
import {
  exitSeenBySequencer, navigationValidity, reportAttemptEnd, requestAfterTerminate, requestValidAnswer,
  type NavigationRequest, type NavigationResult,
} from '../../../../scorm/sequencing/index.ts';
import { CTS_SCRIPTS_DIR } from '../../../helpers/fixtures.ts';
import { CtsLms, type CtsPackage } from './cts-lms.ts';
import { readCtsScript, type CtsBlock } from './cts-script.ts';
import { decodeStep } from './script-steps.ts';
import { runStep, sessionApi } from './step-runner.ts';
import { answerUiQuestion } from './ui-questions.ts';

export interface CtsOutcome {
  readonly failures: string[];
  /** `package:block` of each delivery that matched the script. */
  readonly delivered: string[];
  /** How many deliveries the script expects. */
  readonly expected: number;
}

/**
 * How the test SCO of a resource ends (the suite's SCODepot pages): most call Terminate after
 * their commands; SequencingTestSingleDoTerminate waits and terminates when unloaded, and
 * exitAllOnUnload / suspendAllOnUnload also request exit all / suspend all as they go.
 */
function scoBehaviour(p: CtsPackage, id: string): { terminatesAfterCommands: boolean; onUnload?: string } {
  const url = p.items.get(id)?.launch_url ?? '';
  if (url.includes('SequencingTestSingleDoTerminate.htm')) return { terminatesAfterCommands: false };
  if (url.includes('exitAllOnUnload.htm')) return { terminatesAfterCommands: false, onUnload: 'exitAll' };
  if (url.includes('suspendAllOnUnload.htm')) return { terminatesAfterCommands: false, onUnload: 'suspendAll' };
  return { terminatesAfterCommands: true };
}

export const packageName = (title: string): string => `adl-cts4-${title.toLowerCase()}`;

/** Titles the instructions name (Instructions.properties: APIt1, DMIt3...). */
const LAUNCH_TITLES: Record<string, string> = {
  APIt1: 'API Implementation Test 1', APIt2: 'API Implementation Test 2',
  DMIt1: 'Data Model Implementation Test 1', DMIt2: 'Data Model Implementation Test 2',
  DMIt3: 'Data Model Implementation Test 3', DMIt4: 'Data Model Implementation Test 4',
};

const actOf = (p: CtsPackage, id: string): string | null => /[?&]act=([^&]+)/.exec(p.items.get(id)?.parameters ?? '')?.[1] ?? null;

function idOfTitle(p: CtsPackage, title: string): string | null {
  for (const [id, item] of p.items) if (item.title.trim() === title.trim()) return id;
  return null;
}

const explain = (r: NavigationResult | null): string =>
  r === null ? 'no navigation request' : r.exception ? `${r.exception.code} ${r.exception.message}` : r.endSession ? 'the session ended' : 'nothing delivered';

export async function playCtsScript(file: string, lms = new CtsLms({ id: 'cts-learner-1', name: 'Learner, CTS' })): Promise<CtsOutcome> {
  const script = readCtsScript(readFileSync(resolve(CTS_SCRIPTS_DIR, file), 'utf8'));
  const failures: string[] = [];
  const delivered: string[] = [];
  let clock = 0;
  const startsPackage = /^DDM[ab]$/.test(script.start);
  let p = await lms.open(packageName(startsPackage ? script.start : script.title));
  let result: NavigationResult | null = lms.launch(p);
  if (!startsPackage && script.start !== '.' && result.deliver === null) {
    const target = idOfTitle(p, script.start);
    result = target === null ? null : lms.navigate(p, { type: 'choice', target });
  }
  const learner = (request: NavigationRequest) => (result = lms.navigate(p, request));
  const choose = (title: string) => {
    const target = idOfTitle(p, title);
    if (target === null) failures.push(`no item titled "${title}"`);
    else learner({ type: 'choice', target });
  };
  const sessionEnded = (block: CtsBlock) => {
    if (p.state.currentActivity !== null) failures.push(`${block.name}: the attempt should have ended; ${p.state.currentActivity} is still current`);
  };

  for (const [n, block] of script.blocks.entries()) {
    const r = result as NavigationResult | null;
    const id = r?.deliver ?? null;
    if (id === null || actOf(p, id) !== block.act) {
      failures.push(`${block.name}: expected activity ${block.act} of ${p.name}, ${id === null ? explain(r) : `${id} (act ${actOf(p, id)}) was delivered`}`);
      break;
    }
    delivered.push(`${p.name}:${block.name}`);
    result = null;
    const item = p.items.get(id)!;
    if (block.questions.length > 0) {
      const view = { validity: lms.validity(p), hidden: item.presentation?.hideLMSUI ?? [], rootTitle: p.tree.root.title };
      for (const q of block.questions) {
        const seen = answerUiQuestion(view, q.question);
        if (seen !== q.answer) failures.push(`${block.name}: UI "${q.question}" is ${seen ? 'Y' : 'N'}, expected ${q.answer ? 'Y' : 'N'}`);
      }
    }
    const session: RuntimeSession = new RuntimeSession(lms.contextFor(p, id), {
      now: () => (clock += 1000),
      onCommit: (changes) => {
        lms.commitShared(p, session.snapshot(), changes);
        return true;
      },
      navigationValidity: (request) =>
        requestValidAnswer(navigationValidity(p.tree, reportAttemptEnd(p.tree, p.state, id, provisionalResult(session.snapshot()))), request),
    });
    const api = sessionApi(session);
    for (const line of block.commands) {
      const step = decodeStep(line, lms.learner);
      const wrong = step && (await runStep(api, step));
      if (wrong) failures.push(`${block.name}: ${wrong}`);
    }
    const sco = scoBehaviour(p, id);
    /** Terminate as the player sees it: report to the sequencer, then the SCO's own request unless the learner made one. */
    let ended = false;
    const end = (learnerRequest: NavigationRequest | null) => {
      if (ended) return learnerRequest && learner(learnerRequest);
      ended = true;
      if (session.state === 'running') {
        if (sco.onUnload) session.setValue('adl.nav.request', sco.onUnload);
        session.terminate('');
      }
      if (session.state !== 'terminated' || !session.end) return learnerRequest && learner(learnerRequest);
      const snapshot = session.snapshot();
      const exit = exitSeenBySequencer(session.end.exit, snapshot.values['cmi.exit'], session.end.navRequest, learnerRequest !== null);
      lms.terminated(p, id, { ...session.end, exit }, snapshot);
      const request = learnerRequest ?? requestAfterTerminate('2004', { exit: session.end.exit as 'suspend' }, session.end.navRequest);
      if (request) result = lms.navigate(p, request);
    };
    if (sco.terminatesAfterCommands) end(null);
    const last = n === script.blocks.length - 1;
    const ins = block.instruction;
    if (ins === null) {
      end(null);
      continue;
    }
    const [verb, arg = ''] = ins.split('~') as [string, string?];
    const afterSco = result as NavigationResult | null;
    const titled = (title: string): NavigationRequest | null => {
      const target = idOfTitle(p, title);
      if (target === null) failures.push(`no item titled "${title}"`);
      return target === null ? null : { type: 'choice', target };
    };
    if (['Continue', 'Previous', 'Choice'].includes(verb) || LAUNCH_TITLES[verb]) {
      if (afterSco?.deliver) failures.push(`${block.name}: ${afterSco.deliver} was delivered before the learner's ${ins}`);
      const request = verb === 'Continue' ? { type: 'continue' as const } : verb === 'Previous' ? { type: 'previous' as const } : titled(verb === 'Choice' ? arg : LAUNCH_TITLES[verb]!);
      if (request) end(request);
    } else if (verb === 'Exit') {
      if (!ended || p.state.currentActivity !== null) end({ type: 'exitAll' });
      if (!last) failures.push(`${block.name}: the script goes on after Exit`);
    } else if (verb === 'TRIGExitAll' || verb === 'AutoTest') {
      end(verb === 'TRIGExitAll' ? { type: 'exitAll' } : null);
      sessionEnded(block);
    } else if (/^(Relaunch|ReLaunch|autoendrelaunch|exitlaunch|DMBx)/.test(verb)) {
      if (verb === 'exitlaunch') {
        if (!ended || p.state.currentActivity !== null) end({ type: 'exitAll' });
      } else {
        end(null);
        sessionEnded(block);
      }
      const target = verb === 'exitlaunch' || verb === 'autoendrelaunch' ? arg : /^ReLaunch(DDM[ab])$/.exec(verb)?.[1] ?? script.title;
      p = await lms.open(packageName(target));
      result = lms.launch(p);
      if (verb === 'DMBxAct' && (result as NavigationResult).deliver === null) choose('Data Model Behavior Test 1');
    } else {
      failures.push(`${block.name}: unknown instruction "${ins}"`);
    }
  }
  return { failures, delivered, expected: script.blocks.length };
}
