// The player's navigation decisions, pure: after each event (launch, a learner's request, a SCO's
// Terminate) it says what the view should show next. Every decision goes through the sequencing
// module (SN OP.1 via processNavigationRequest); no DOM, no timers, no transport.
import type { HideLmsUi, Item, Item2004, Organization } from '../../scorm/manifest/model.ts';
import {
  buildActivityTree, createSequencingState, exitSeenBySequencer, launchRequest, navigationValidity, objectiveValuesAtDelivery,
  processNavigationRequest, reportAttemptEnd, requestAfterTerminate, requestValidAnswer,
  type ActivityTree, type ObjectiveValues, type NavigationRequest, type NavigationResult, type NavigationValidity, type RuntimeResult, type SequencingState, type TocEntry,
} from '../../scorm/sequencing/index.ts';
import { activityTreeFromPackage, itemsById, type PackageVersion } from './activity-tree-from-package.ts';
import { controlsFor, tocShown, type ControlState } from './controls.ts';

export interface ControllerSetup {
  version: PackageVersion;
  organization: Organization;
  /** The navigation state the server kept, or null for a first launch. */
  savedState: SequencingState | null;
  /** SCORM 1.2: open the next SCO when one finishes. */
  autoContinue: boolean;
}

/** A panel button: a navigation request, or "launch" (resume or start, decided when clicked). */
export interface NavAction {
  label: string;
  go: NavigationRequest | 'launch';
}

export interface NavPanel {
  kind: 'choose' | 'end';
  heading: string;
  message: string;
  actions?: NavAction[];
}

/** What the view does next. `save` is a new navigation state for the server. */
export type NavStep = { save?: SequencingState } & (
  /** `newTreeAttempt`: the delivery began a new attempt on the activity tree (the server resets what lives per attempt). */
  | { kind: 'deliver'; id: string; newTreeAttempt?: boolean }
  /** No SCO on the stage: show this panel (and the table of contents when `toc`). */
  | { kind: 'panel'; panel: NavPanel; toc?: boolean; exited?: { suspended: boolean } }
  /** The running SCO stays; tell the learner the request is not available. */
  | { kind: 'refused' }
  /** Take the running SCO away (it terminates), then report back with terminated / abandoned. */
  | { kind: 'leave'; request: NavigationRequest }
);

export interface NavView {
  controls: ControlState;
  tocShown: boolean;
  toc: readonly TocEntry[];
}

const CHOOSE: NavPanel = { kind: 'choose', heading: 'Choose where to go next', message: 'Pick an item in the table of contents, or continue.' };

export class NavigationController {
  readonly tree: ActivityTree;
  readonly items: Map<string, Item>;
  /** More than one launchable item: a table of contents and flow controls make sense. */
  readonly multi: boolean;
  private seq: SequencingState;
  /** The SCO delivered and not yet ended. */
  private active: string | null = null;
  /** The SCO put on the stage last (ended or not): its presentation rules the controls. */
  private shown: string | null = null;
  /** A request of the learner's made while a SCO ran; processed once that SCO has terminated. */
  private pending: NavigationRequest | null = null;
  /** The tracking state as if the running SCO terminated now (refreshed at each of its commits). */
  private provisional: SequencingState | null = null;
  private validityCache: NavigationValidity | null = null;

  constructor(private readonly setup: ControllerSetup) {
    this.tree = buildActivityTree(activityTreeFromPackage(setup.version, setup.organization), { mode: setup.version });
    this.items = itemsById(setup.organization);
    this.multi = [...this.items.values()].filter((i) => i.launch_url !== null).length > 1;
    this.seq = setup.savedState ?? createSequencingState(this.tree);
    if (this.seq.currentActivity !== null) {
      // The last visit ended without the player leaving the activity (a closed tab): treat it as
      // suspend all, so this launch resumes it (SN 4.4.2 resume all).
      const suspended = processNavigationRequest(this.tree, this.seq, { type: 'suspendAll' });
      this.seq = suspended.exception ? { ...this.seq, currentActivity: null } : suspended.state;
    }
  }

  get state(): SequencingState {
    return this.seq;
  }

  /**
   * The first step of a launch: resume or start (SN 4.4.2). A finished SCORM 1.2 course offers
   * review instead; SCORM 2004 starts a new sequencing session as the SN says (the conformance
   * suite relaunches finished packages and expects their first activity: CTS DDM, OB-03b).
   */
  launch(): NavStep {
    if (this.tree.mode === '1.2' && this.multi && this.courseDone() && this.seq.suspendedActivity === null) {
      return {
        kind: 'panel', toc: true,
        panel: { kind: 'choose', heading: 'You have completed this course', message: 'Choose any part in the table of contents to review it.' },
      };
    }
    return this.begin();
  }

  /**
   * Resume all, or start (SN 4.4.2). Start walks the flow tree from the root (SB.2.5 → SB.2.2), so
   * with flow off on the root (the SN 3.2 default control modes: flow false, choice true, which
   * every 2004 manifest without imsss:sequencing gets) it is not valid
   * (SB.2.2-1) and the sequencer delivers nothing. SN 4.4.2 leaves it to the LMS to let the
   * learner pick with a choice request then: the player offers what a choice would accept.
   * Relaxation: when exactly one activity can be chosen, the player issues that choice itself
   * and delivers it at once, since a table of contents with one entry (or none, for a single SCO,
   * where the player shows no contents) would only stand between the learner and the course.
   * A learner who has not begun is never told the lesson is closed.
   */
  private begin(): NavStep {
    const request = launchRequest(this.seq);
    const result = processNavigationRequest(this.tree, this.seq, request);
    if (!(result.exception && result.deliver === null && !result.endSession)) return this.apply(request, result);
    const choosable = this.validity().toc.filter((e) => e.launchable && e.enabled).map((e) => e.id);
    if (choosable.length === 1) return this.process({ type: 'choice', target: choosable[0]! });
    if (choosable.length > 1) {
      return { kind: 'panel', toc: true, panel: { kind: 'choose', heading: 'Choose where to start', message: 'Pick an item in the table of contents.' } };
    }
    return {
      kind: 'panel',
      panel: {
        kind: 'end', heading: 'Nothing in this course can be opened now',
        message: 'Its rules do not let any part start yet. Ask your learning platform or administrator for help.',
      },
    };
  }

  /** A request of the learner's (controls, table of contents, a panel button, the time limit). */
  request(go: NavigationRequest | 'launch'): NavStep {
    if (go === 'launch' && this.active === null) return this.begin();
    const request = go === 'launch' ? launchRequest(this.seq) : go;
    if (this.active !== null) {
      // A request the sequencer would refuse leaves the SCO where it is.
      if (!this.wouldAccept(request)) return { kind: 'refused' };
      this.pending = request;
      return { kind: 'leave', request };
    }
    return this.process(request);
  }

  /** The view put the delivered SCO on the stage. */
  opened(id: string): void {
    this.active = id;
    this.shown = id;
  }

  /** The delivered SCO never ran (it did not load): nothing to report. */
  failed(id: string): void {
    if (this.active === id) this.active = null;
  }

  /**
   * The SCO terminated: its results go into tracking first (SN 4.2), before any navigation.
   * Returns the state to send with the terminate commit.
   */
  terminated(id: string, result: RuntimeResult, sco: { navRequest?: string | undefined; cmiExit?: string | undefined } = {}): SequencingState {
    // The learner's pending request drops the SCO's suspendAll, and the suspension it implied.
    const exit = exitSeenBySequencer(result.exit, sco.cmiExit, sco.navRequest, this.pending !== null) as RuntimeResult['exit'];
    this.seq = reportAttemptEnd(this.tree, this.seq, id, { ...result, exit });
    this.provisional = null;
    this.validityCache = null;
    if (this.active === id) this.active = null;
    return this.seq;
  }

  /** After Terminate: the learner's pending request, the SCO's own (2004 adl.nav.request), or a panel. */
  afterTerminate(id: string, end: { exit: string; navRequest?: string | undefined }): NavStep {
    const pending = this.pending;
    this.pending = null;
    const request = pending ?? requestAfterTerminate(this.tree.mode, { exit: end.exit as RuntimeResult['exit'] }, end.navRequest, { autoContinue: this.setup.autoContinue });
    if (request) return this.process(request);
    // SCORM 1.2 exit = suspend, or 2004 without a request: the learner decides what comes next.
    if (!this.multi) {
      return {
        kind: 'panel',
        panel: {
          kind: 'end', heading: 'This lesson is closed', message: 'Your progress is saved. You can close this window or open the lesson again.',
          actions: [{ label: 'Open it again', go: { type: 'choice', target: id } }],
        },
      };
    }
    return { kind: 'panel', panel: CHOOSE };
  }

  /** The SCO was taken away without having initialized (not even the player could end it). */
  abandoned(request: NavigationRequest): NavStep {
    this.active = null;
    this.pending = null;
    return this.process(request);
  }

  /** After a Commit: what the SCO reported already shows in the controls and the TOC (SN 4.2 tracking). */
  reported(id: string, result: RuntimeResult): boolean {
    if (this.active !== id) return false;
    this.provisional = reportAttemptEnd(this.tree, this.seq, id, result);
    this.validityCache = null;
    return true;
  }

  validity(): NavigationValidity {
    this.validityCache ??= navigationValidity(this.tree, this.provisional ?? this.seq);
    return this.validityCache;
  }

  /** adl.nav.request_valid.* (2004 RTE 4.4.3): the sequencer's answer on the current state. */
  requestValid(request: string): 'true' | 'false' | 'unknown' {
    return requestValidAnswer(this.validity(), request);
  }

  /** RTE 4.2.17: what the activity's cmi.objectives records start with (4th Ed. global reads too). */
  objectiveValues(id: string): ObjectiveValues[] {
    return objectiveValuesAtDelivery(this.tree, this.seq, id);
  }

  /** The controls and the table of contents as they should look now. */
  view(): NavView {
    const v = this.validity();
    const hidden = this.hiddenControls();
    return {
      controls: controlsFor({ validity: v, hidden, multi: this.multi, active: this.active !== null, mode: this.tree.mode }),
      tocShown: tocShown(this.multi, hidden),
      toc: v.toc,
    };
  }

  /**
   * view().tocShown without working out what every request and entry allows (the whole tree's
   * validity), which the launch would throw away: it changes the state at once.
   */
  get tocShown(): boolean {
    return tocShown(this.multi, this.hiddenControls());
  }

  private process(request: NavigationRequest): NavStep {
    return this.apply(request, processNavigationRequest(this.tree, this.seq, request));
  }

  private apply(request: NavigationRequest, result: NavigationResult): NavStep {
    if (result.exception && result.deliver === null && !result.endSession) {
      if (this.active !== null) return { kind: 'refused' };
      return this.multi
        ? { kind: 'panel', panel: { kind: 'choose', heading: 'Choose where to go next', message: 'Pick an item in the table of contents.' }, toc: true }
        : { kind: 'panel', panel: { kind: 'end', heading: 'This lesson is closed', message: 'Your progress is saved. You can close this window.' } };
    }
    // A delivery that began a new attempt on the root starts a new attempt on the activity tree.
    const rootId = this.tree.root.id;
    const newTreeAttempt = result.state.activities[rootId]!.attemptCount > this.seq.activities[rootId]!.attemptCount;
    this.seq = result.state;
    this.provisional = null;
    this.validityCache = null;
    if (result.deliver !== null) return { kind: 'deliver', id: result.deliver, save: this.seq, ...(newTreeAttempt ? { newTreeAttempt } : {}) };
    if (!result.endSession) return { kind: 'panel', panel: CHOOSE, save: this.seq };
    const suspended = request.type === 'suspendAll';
    return {
      kind: 'panel', save: this.seq, exited: { suspended },
      panel: {
        kind: 'end',
        heading: suspended ? 'Your place is saved' : 'You have left the course',
        message: suspended ? 'Open the course again to continue where you left off.' : 'Your progress is saved. You can close this window.',
        actions: [{ label: suspended ? 'Continue now' : 'Open the course again', go: 'launch' }],
      },
    };
  }

  private wouldAccept(request: NavigationRequest): boolean {
    const v = this.validity();
    switch (request.type) {
      case 'choice':
        return v.choice[request.target] === true;
      case 'continue':
      case 'previous':
      case 'exitAll':
      case 'suspendAll':
        return v[request.type];
      default:
        return true;
    }
  }

  private hiddenControls(): readonly HideLmsUi[] {
    const id = this.shown ?? this.seq.currentActivity;
    const item = id ? (this.items.get(id) as Item2004 | undefined) : undefined;
    return item?.presentation?.hideLMSUI ?? [];
  }

  private courseDone(): boolean {
    const entries = navigationValidity(this.tree, this.seq).toc.filter((e) => e.launchable);
    return entries.length > 0 && entries.every((e) => e.status === 'completed' || e.status === 'passed');
  }
}
