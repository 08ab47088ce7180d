// The player: loads the launch, replays the journal, asks the sequencer what to deliver, opens
// the SCO attempt with its API, and acts on Terminate and on the learner's controls. Every
// navigation decision goes through the sequencing module (SN OP.1 via processNavigationRequest).
import type { SessionEnd } from '../../scorm/cmi/end-of-session.ts';
import type { HideLmsUi, Item, Item2004 } from '../../scorm/manifest/model.ts';
import { createApi12 } from '../../scorm/runtime/api-12.ts';
import { createApi2004 } from '../../scorm/runtime/api-2004.ts';
import { RuntimeSession } from '../../scorm/runtime/session.ts';
import {
  buildActivityTree, createSequencingState, exitSeenBySequencer, launchRequest, navigationValidity, objectiveValuesAtDelivery,
  processNavigationRequest, reportAttemptEnd, requestAfterTerminate, requestValidAnswer,
  type ActivityTree, type NavigationRequest, type NavigationValidity, type SequencingState,
} from '../../scorm/sequencing/index.ts';
import { CommitJournal, type KeyValueStorage } from '../transport/commit-journal.ts';
import { CommitSender, type TransportEvent } from '../transport/commit-sender.ts';
import { createRuntimeClient, RuntimeRequestError, type LaunchData, type RuntimeClient } from '../transport/runtime-client.ts';
import { activityTreeFromPackage, itemsById } from './activity-tree-from-package.ts';
import { exposeApi } from './api-exposure.ts';
import { controlsFor, tocShown } from './controls.ts';
import { pageElements, type PageElements } from './page-elements.ts';
import { hidePanel, showPanel, type PanelContent } from './panel-view.ts';
import { provisionalResult, runtimeResult } from './runtime-result.ts';
import { loadedHtml, pick } from './sco-checks.ts';
import { requestFailure, transportStatus } from './status-messages.ts';
import { timeLimitOf } from './time-limit.ts';
import { renderToc } from './toc-view.ts';

export interface PlayerOptions {
  /** SCORM 1.2: open the next SCO when one finishes (default true; `?autocontinue=0` turns it off). */
  autoContinue: boolean;
}

export interface PlayerEnv {
  window: Window;
  registrationId: string;
  token: string;
  options: PlayerOptions;
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  storage: KeyValueStorage | null;
}

interface OpenSco {
  id: string;
  sessionId: string;
  attempt: number;
  session: RuntimeSession;
  frame: HTMLIFrameElement;
  timers: number[];
  ended: boolean;
}

/** How long a SCO may take to load before the learner is offered a retry. */
const LOAD_TIMEOUT_MS = 30_000;

export class Player {
  private readonly el: PageElements;
  private readonly client: RuntimeClient;
  private readonly sender: CommitSender;
  private launch!: LaunchData;
  private tree!: ActivityTree;
  private items!: Map<string, Item>;
  private seq!: SequencingState;
  private multi = false;
  private current: OpenSco | null = null;
  /** A request of the learner's made while a SCO ran; processed once that SCO has terminated. */
  private pendingRequest: NavigationRequest | null = null;
  private validityCache: NavigationValidity | null = null;
  /** The tracking state as if the running SCO terminated now (refreshed at each of its commits). */
  private provisional: SequencingState | null = null;
  private stale = false;

  constructor(private readonly env: PlayerEnv) {
    const doc = env.window.document;
    this.el = pageElements(doc);
    this.client = createRuntimeClient({ baseUrl: '', registrationId: env.registrationId, token: env.token, fetch: env.fetch });
    const nav = env.window.navigator;
    this.sender = new CommitSender({
      baseUrl: '',
      registrationId: env.registrationId,
      token: env.token,
      journal: new CommitJournal(env.storage, env.registrationId),
      fetch: env.fetch,
      ...(typeof nav.sendBeacon === 'function' ? { sendBeacon: (url: string, body: string) => nav.sendBeacon(url, body) } : {}),
      setTimer: (fn, ms) => env.window.setTimeout(fn, ms),
      onEvent: (event) => this.onTransport(event),
    });
  }

  async start(): Promise<void> {
    this.wireControls();
    const w = this.env.window;
    // Page hidden or closed: save what the SCO set (RTE: the LMS keeps the data even without Commit).
    w.document.addEventListener('visibilitychange', () => {
      if (w.document.visibilityState === 'hidden') this.saveNow(true);
      else this.sender.pageShown();
    });
    w.addEventListener('pagehide', () => this.saveNow(true));
    w.addEventListener('online', () => void this.sender.pump());
    await this.boot();
  }

  /** Replays what an earlier page left unsent, then loads the launch and delivers the first activity. */
  private async boot(): Promise<void> {
    this.setLoading(true);
    hidePanel(this.el.panel);
    const hadJournal = !this.sender.empty;
    if (hadJournal) {
      await this.sender.pump();
      if (!this.sender.empty) {
        return this.fail({
          kind: 'error', heading: 'Saving your earlier progress…',
          message: 'Progress from your last visit has not reached the server yet. Check your connection and try again.',
          actions: [{ label: 'Try again', run: () => void this.boot() }],
        });
      }
    }
    try {
      this.launch = await this.client.launch(hadJournal);
    } catch (error) {
      return this.fail(requestFailure(error, () => void this.boot()));
    }
    const pkg = this.launch.package;
    this.el.title.textContent = pkg.title;
    this.env.window.document.title = pkg.title;
    this.tree = buildActivityTree(activityTreeFromPackage(pkg.version, pkg.organization), { mode: pkg.version });
    this.items = itemsById(pkg.organization);
    this.multi = [...this.items.values()].filter((i) => i.launch_url !== null).length > 1;
    this.seq = this.launch.sequencing_state ?? createSequencingState(this.tree);
    if (this.seq.currentActivity !== null) {
      // The last visit ended without the player leaving the activity (a closed tab): treat it as
      // suspend all, so this launch resumes it (SN 4.4.2 resume all).
      const suspended = processNavigationRequest(this.tree, this.seq, { type: 'suspendAll' });
      this.seq = suspended.exception ? { ...this.seq, currentActivity: null } : suspended.state;
    }
    this.setupToc();
    if (this.multi && this.courseDone() && this.seq.suspendedActivity === null) {
      this.setLoading(false);
      this.render();
      this.openToc(true);
      return this.panel({
        kind: 'choose', heading: 'You have completed this course',
        message: 'Choose any part in the table of contents to review it.',
      });
    }
    this.navigate(launchRequest(this.seq));
  }

  /** The learner's controls and the table of contents call this; so does the end of a SCO. */
  navigate(request: NavigationRequest): void {
    const open = this.current;
    if (open && !open.ended) {
      // A request the sequencer would refuse leaves the SCO where it is.
      if (!this.wouldAccept(request)) return this.status('That is not available right now.', true);
      this.pendingRequest = request;
      this.leaveSco(open, request);
      return;
    }
    this.process(request);
  }

  private process(request: NavigationRequest): void {
    const result = processNavigationRequest(this.tree, this.seq, request);
    if (result.exception && result.deliver === null && !result.endSession) {
      this.render();
      if (this.current === null || this.current.ended) {
        this.removeFrame();
        this.setLoading(false);
        this.panel(this.multi
          ? { kind: 'choose', heading: 'Choose where to go next', message: 'Pick an item in the table of contents.' }
          : { kind: 'end', heading: 'This lesson is closed', message: 'Your progress is saved. You can close this window.' });
        if (this.multi) this.openToc(true);
      } else {
        this.status('That is not available right now.', true);
      }
      return;
    }
    this.seq = result.state;
    this.provisional = null;
    this.validityCache = null;
    this.sender.saveState(this.seq);
    if (result.deliver !== null) {
      void this.openSco(result.deliver);
      return;
    }
    this.removeFrame();
    this.setLoading(false);
    this.render();
    if (result.endSession) this.courseEnded(request);
    else this.panel({ kind: 'choose', heading: 'Choose where to go next', message: 'Pick an item in the table of contents, or continue.' });
  }

  private courseEnded(request: NavigationRequest): void {
    const suspended = request.type === 'suspendAll';
    this.panel({
      kind: 'end',
      heading: suspended ? 'Your place is saved' : 'You have left the course',
      message: suspended ? 'Open the course again to continue where you left off.' : 'Your progress is saved. You can close this window.',
      actions: [{ label: suspended ? 'Continue now' : 'Open the course again', run: () => this.navigate(launchRequest(this.seq)) }],
    });
    // Tells an integrator's page that the learner is done with the player.
    try {
      this.env.window.parent?.postMessage({ type: 'scorm-player:exit', suspended }, '*');
    } catch {
      // A parent that cannot be reached has nothing to learn.
    }
  }

  private async openSco(id: string): Promise<void> {
    const item = this.items.get(id);
    if (!item || item.launch_url === null) return this.fail({ kind: 'error', heading: 'This part cannot be opened', message: 'It has no content to show.' });
    this.removeFrame();
    hidePanel(this.el.panel);
    this.setLoading(true);
    this.render();
    const url = this.launch.content_base + item.launch_url;
    let opened;
    try {
      opened = await this.client.openAttempt(id);
    } catch (error) {
      return this.fail(requestFailure(error, () => void this.openSco(id), item.title));
    }
    // RTE 4.2.17: cmi.objectives start with what the sequencer tracks (4th Ed. global reads too).
    const context = { ...opened.context, objectiveValues: objectiveValuesAtDelivery(this.tree, this.seq, id) };
    let open!: OpenSco;
    const session = new RuntimeSession(context, {
      onCommit: (changes, reason, end) => {
        let sequencingState: SequencingState | undefined;
        if (reason === 'terminate' && end) {
          // At Terminate: report the attempt's results first (SN 4.2 tracking), then navigate.
          const snapshot = session.snapshot();
          const exit = exitSeenBySequencer(end.exit, snapshot.values['cmi.exit'], end.navRequest, this.pendingRequest !== null);
          this.seq = reportAttemptEnd(this.tree, this.seq, id, runtimeResult({ ...end, exit }, snapshot));
          this.validityCache = null;
          sequencingState = this.seq;
          open.ended = true;
          this.provisional = null;
          this.env.window.setTimeout(() => this.afterTerminate(open, end), 0);
        } else {
          this.env.window.setTimeout(() => this.refreshProvisional(open), 0);
        }
        return this.sender.commit({ sessionId: open.sessionId, item: id, attempt: open.attempt, changes, reason, ...(end ? { end } : {}), ...(sequencingState ? { sequencingState } : {}) });
      },
      // adl.nav.request_valid.* (2004 RTE 4.4.3): the sequencer's answer on the current state.
      navigationValidity: (request) => requestValidAnswer(this.validity(), request),
    });
    if (context.version === '1.2') exposeApi(this.env.window, { version: '1.2', api: createApi12(session) });
    else exposeApi(this.env.window, { version: '2004', api: createApi2004(session) });

    const frame = this.env.window.document.createElement('iframe');
    frame.className = 'sco-frame';
    frame.id = 'sco-frame';
    frame.title = item.title;
    frame.setAttribute('allow', 'fullscreen; autoplay');
    open = { id, sessionId: opened.session_id, attempt: opened.attempt, session, frame, timers: [], ended: false };
    this.current = open;
    const loadTimer = this.env.window.setTimeout(() => {
      if (this.current === open && !open.ended) this.status('The content is taking long to load…', true);
    }, LOAD_TIMEOUT_MS);
    frame.addEventListener('load', () => {
      this.env.window.clearTimeout(loadTimer);
      if (this.current !== open) return;
      this.setLoading(false);
      // The launch file is same-origin HTML; anything else (an error answer, the browser's network
      // error page) means it did not load: offer a retry instead of a blank or JSON frame.
      if (!open.ended && !loadedHtml(frame)) {
        this.removeFrame();
        open.ended = true;
        for (const t of open.timers) this.env.window.clearInterval(t);
        this.fail(requestFailure(new RuntimeRequestError(0, 'SCO_UNAVAILABLE', 'The content did not load.'), () => void this.openSco(id), item.title));
      }
    }, { once: true });
    this.startTimers(open);
    frame.src = url;
    this.el.stage.append(frame);
    this.render();
  }

  private startTimers(open: OpenSco): void {
    const w = this.env.window;
    const every = this.launch.auto_commit_seconds;
    // SCORM_AUTO_COMMIT_INTERVAL: dirty data is saved while the SCO runs.
    if (every > 0) open.timers.push(w.setInterval(() => open.session.state === 'running' && open.session.flush('autosave'), every * 1000));
    const limit = timeLimitOf(open.session.version === '1.2'
      ? { version: '1.2', ...pick(open.session, 'cmi.student_data.max_time_allowed', 'cmi.student_data.time_limit_action', 'cmi.core.total_time') }
      : { version: '2004', ...pick(open.session, 'cmi.max_time_allowed', 'cmi.time_limit_action', 'cmi.total_time') });
    if (limit) {
      open.timers.push(w.setTimeout(() => {
        if (this.current !== open || open.ended) return;
        if (limit.message) this.status(limit.exit ? 'The time allowed for this part is over.' : 'The time allowed for this part is over; you may go on.', true);
        if (limit.exit) this.navigate({ type: 'exit' });
      }, limit.remainingMs));
    }
  }

  private afterTerminate(open: OpenSco, end: SessionEnd): void {
    for (const t of open.timers) this.env.window.clearInterval(t);
    if (this.current !== open) return;
    const pending = this.pendingRequest;
    this.pendingRequest = null;
    const request = pending ?? requestAfterTerminate(this.tree.mode, { exit: end.exit as 'suspend' }, end.navRequest, { autoContinue: this.env.options.autoContinue });
    if (request) return this.process(request);
    // SCORM 1.2 exit = suspend, or 2004 without a request: the learner decides what comes next.
    this.removeFrame();
    this.setLoading(false);
    this.render();
    if (!this.multi) {
      return this.panel({
        kind: 'end', heading: 'This lesson is closed', message: 'Your progress is saved. You can close this window or open the lesson again.',
        actions: [{ label: 'Open it again', run: () => this.navigate({ type: 'choice', target: open.id }) }],
      });
    }
    this.panel({ kind: 'choose', heading: 'Choose where to go next', message: 'Pick an item in the table of contents, or continue.' });
  }

  /**
   * Takes the SCO away for a request of the learner's. Removing its frame runs its unload
   * handlers now, where content calls Terminate / LMSFinish; one that does not is ended by the
   * player as if it had (the data it set is kept). Suspend all asks the SCO's data to be kept for
   * resume: 2004 adl.nav.request = suspendAll (RTE 4.4.2), 1.2 cmi.core.exit = suspend.
   */
  private leaveSco(open: OpenSco, request: NavigationRequest): void {
    if (request.type === 'suspendAll' && open.session.state === 'running') {
      if (open.session.version === '1.2') open.session.setValue('cmi.core.exit', 'suspend');
      else open.session.setValue('adl.nav.request', 'suspendAll');
    }
    this.removeFrame();
    if (open.session.state === 'running') open.session.terminate('');
    if (open.session.state !== 'terminated') {
      // Not even the player could end it (it never initialized): nothing to report.
      open.ended = true;
      this.pendingRequest = null;
      this.process(request);
    }
  }

  private removeFrame(): void {
    const frame = this.current?.frame;
    if (frame?.isConnected) frame.remove();
  }

  private saveNow(hidden: boolean): void {
    const open = this.current;
    if (hidden) this.sender.pageHidden();
    if (open && open.session.state === 'running') open.session.flush('autosave');
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

  private validity(): NavigationValidity {
    this.validityCache ??= navigationValidity(this.tree, this.provisional ?? this.seq);
    return this.validityCache;
  }

  /** After a Commit: what the SCO reported already shows in the controls and the TOC (SN 4.2 tracking). */
  private refreshProvisional(open: OpenSco): void {
    if (this.current !== open || open.ended || open.session.state !== 'running') return;
    this.provisional = reportAttemptEnd(this.tree, this.seq, open.id, provisionalResult(open.session.snapshot()));
    this.validityCache = null;
    this.render();
  }

  private hiddenControls(): readonly HideLmsUi[] {
    const id = this.current?.id ?? this.seq.currentActivity;
    const item = id ? (this.items.get(id) as Item2004 | undefined) : undefined;
    return item?.presentation?.hideLMSUI ?? [];
  }

  private render(): void {
    if (!this.tree) return;
    const v = this.validity();
    const hidden = this.hiddenControls();
    const active = this.current !== null && !this.current.ended;
    const c = controlsFor({ validity: v, hidden, multi: this.multi, active });
    this.el.previous.hidden = !c.previous;
    this.el.continue.hidden = !c.continue;
    this.el.exit.hidden = !c.exit;
    this.el.suspend.hidden = !c.suspend;
    const showToc = tocShown(this.multi, hidden);
    this.el.tocToggle.hidden = !showToc;
    if (!showToc) this.el.toc.hidden = true;
    else renderToc(this.el.tocList, v.toc, (id) => {
      if (this.narrow()) this.openToc(false);
      this.navigate({ type: 'choice', target: id });
    });
  }

  private setupToc(): void {
    // Wide screens start with the contents open; phones keep the SCO in view.
    if (tocShown(this.multi, this.hiddenControls())) this.openToc(!this.narrow());
  }

  private openToc(open: boolean): void {
    if (!this.multi) return;
    this.el.toc.hidden = !open;
    this.el.tocToggle.setAttribute('aria-expanded', String(open));
  }

  private narrow(): boolean {
    return this.env.window.matchMedia('(max-width: 700px)').matches;
  }

  private wireControls(): void {
    const el = this.el;
    el.tocToggle.addEventListener('click', () => this.openToc(el.toc.hidden));
    el.previous.addEventListener('click', () => this.navigate({ type: 'previous' }));
    el.continue.addEventListener('click', () => this.navigate({ type: 'continue' }));
    el.exit.addEventListener('click', () => this.navigate({ type: 'exitAll' }));
    el.suspend.addEventListener('click', () => this.navigate({ type: 'suspendAll' }));
    this.env.window.document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.narrow() && !el.toc.hidden) {
        this.openToc(false);
        el.tocToggle.focus();
      }
    });
  }

  private courseDone(): boolean {
    const entries = navigationValidity(this.tree, this.seq).toc.filter((e) => e.launchable);
    return entries.length > 0 && entries.every((e) => e.status === 'completed' || e.status === 'passed');
  }

  private onTransport(event: TransportEvent): void {
    if (event.type === 'stale' && event.sessionId === this.current?.sessionId) this.stale = true;
    const shown = transportStatus(event, this.current?.sessionId, this.stale);
    if (shown) this.status(shown.text, shown.warn);
  }

  private fail(content: PanelContent): void {
    this.setLoading(false);
    this.panel(content);
  }

  private panel(content: PanelContent): void {
    showPanel(this.el.panel, content);
    this.el.root.dataset.state = content.kind;
  }

  private setLoading(on: boolean): void {
    this.el.loading.hidden = !on;
    this.el.root.dataset.state = on ? 'loading' : 'ready';
  }

  private status(text: string, warn = false): void {
    this.el.status.textContent = text;
    if (warn) this.el.status.dataset.tone = 'warn';
    else delete this.el.status.dataset.tone;
  }
}
