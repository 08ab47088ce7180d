// The player: loads the launch, replays the journal, and wires the three parts together: the
// navigation controller (what to show after each event), the view (the page) and the binding of
// each delivered SCO (its API, commits and timers).
import type { SessionEnd } from '../../scorm/cmi/end-of-session.ts';
import type { NavigationRequest } from '../../scorm/sequencing/index.ts';
import { CommitJournal, type KeyValueStorage } from '../transport/commit-journal.ts';
import { CommitSender, type TransportEvent } from '../transport/commit-sender.ts';
import { startContentRenewal } from '../transport/content-renewal.ts';
import { createRuntimeClient, RuntimeRequestError, type LaunchData, type RuntimeClient } from '../transport/runtime-client.ts';
import { NavigationController, type NavAction, type NavStep } from './navigation-controller.ts';
import { PageLifecycle, type PagePhase } from './page-lifecycle.ts';
import type { PanelContent } from './panel-view.ts';
import { PlayerView } from './player-view.ts';
import { ScoBinding } from './sco-binding.ts';
import { requestFailure, transportStatus } from './status-messages.ts';

export interface PlayerOptions {
  /** SCORM 1.2: open the next SCO when one finishes (default true; `?autocontinue=0` turns it off). */
  autoContinue: boolean;
}

export interface PlayerEnv {
  window: Window;
  registrationId: string;
  token: string;
  /** The package and the server-issued key that seals the localStorage journal. */
  journal: { packageId: string; sealKey: string };
  options: PlayerOptions;
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  storage: KeyValueStorage | null;
  /** The launch data the page carries (docs/runtime-protocol.md §1), used once, by the first boot. */
  launchData?: LaunchData | null;
}

/** How long a SCO may take to load before the learner is told. */
const LOAD_TIMEOUT_MS = 30_000;

/**
 * After a SCO terminates by itself, its document stays this long (unless it unloads sooner) so
 * that what it does next in later tasks (a timer, its own unload handler, a wrapper's error
 * check) still finds its API, which answers as a terminated session does (RTE 3.3.2.1 / A-1:
 * 101 in 1.2; 2004 RTE 3.1.7: 113, 123, 133, 143).
 */
export const TERMINATE_GRACE_MS = 1000;

export class Player {
  private readonly view: PlayerView;
  private readonly client: RuntimeClient;
  private readonly sender: CommitSender;
  private launch!: LaunchData;
  private nav: NavigationController | null = null;
  /** The SCO put on the stage last (ended or not). */
  private current: ScoBinding | null = null;
  /** The SCO the player itself is taking away (its frame already gone when it terminates). */
  private taking: ScoBinding | null = null;
  /** What follows a SCO's own Terminate, waiting for its document to unload or the grace to pass. */
  private afterEnd: { cancel(): void } | null = null;
  private page!: PageLifecycle;
  private stale = false;
  private renewing = false;

  constructor(private readonly env: PlayerEnv) {
    this.view = new PlayerView(env.window, (request) => this.navigate(request));
    this.client = createRuntimeClient({ baseUrl: '', registrationId: env.registrationId, token: env.token, fetch: env.fetch });
    const nav = env.window.navigator;
    this.sender = new CommitSender({
      baseUrl: '',
      registrationId: env.registrationId,
      token: env.token,
      journal: new CommitJournal(env.storage, { registrationId: env.registrationId, ...env.journal }),
      fetch: env.fetch,
      ...(typeof nav.sendBeacon === 'function' ? { sendBeacon: (url: string, body: string) => nav.sendBeacon(url, body) } : {}),
      setTimer: (fn, ms) => env.window.setTimeout(fn, ms),
      onEvent: (event) => this.onTransport(event),
    });
  }

  async start(): Promise<void> {
    this.view.wireControls();
    const w = this.env.window;
    this.page = new PageLifecycle(w, (phase) => this.onPhase(phase));
    w.addEventListener('online', () => void this.sender.pump());
    await this.boot();
  }

  /** The learner's controls and the table of contents call this; so does the time limit. */
  navigate(request: NavigationRequest | 'launch'): void {
    if (!this.nav) return;
    // The learner's request wins over what the SCO that just terminated would have led to.
    this.afterEnd?.cancel();
    this.afterEnd = null;
    this.apply(this.nav.request(request));
  }

  /**
   * Page hidden or going away: save what the SCO set (the LMS keeps the data even without a
   * Commit), and from beforeunload / pagehide on, send each change at once by beacon.
   */
  private onPhase(phase: PagePhase): void {
    if (phase === 'shown') return this.sender.pageShown();
    if (phase === 'hidden') {
      this.current?.flush();
      return this.sender.pageHidden();
    }
    // Gone (pagehide): the launch on the stage ends with its window, unless its SCO still
    // terminates from its unload handler (decision 0023).
    this.sender.pageLeaving(phase === 'gone' && this.current ? [this.current.closing()] : []);
    this.current?.flush();
  }

  /** Replays what an earlier page left unsent, then loads the launch and delivers the first activity. */
  private async boot(): Promise<void> {
    this.view.setLoading(true);
    this.view.hidePanel();
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
    // The page's copy is current unless a journal replay just changed the server's, or a failed
    // boot is being retried.
    const inline = this.env.launchData;
    this.env.launchData = null;
    try {
      this.launch = inline && !hadJournal ? inline : await this.client.launch(hadJournal);
    } catch (error) {
      return this.fail(requestFailure(error, () => void this.boot()));
    }
    // boot() runs again after a failure: one renewal loop per page.
    if (!this.renewing) startContentRenewal({ renew: () => this.client.renewContent(), onBase: (base) => (this.launch.content_base = base), setTimer: (fn, ms) => this.env.window.setTimeout(fn, ms) }, this.launch.content_expires_in);
    this.renewing = true;
    const pkg = this.launch.package;
    this.view.setTitle(pkg.title);
    const nav = new NavigationController({
      version: pkg.version, organization: pkg.organization, savedState: this.launch.sequencing_state, autoContinue: this.env.options.autoContinue,
    });
    this.nav = nav;
    this.view.setupToc(nav.multi, nav.tocShown);
    // No attempt is opened for a page nobody sees (a background tab, a closing one).
    this.page.whenShown(() => this.apply(nav.launch()));
  }

  /** Does what the controller decided. */
  private apply(step: NavStep): void {
    // A delivery's attempt request leaves first and the state is only journaled: the SCO waits
    // for the attempt, then for its document, while the state save just has to arrive (opening an
    // attempt never reads it, runtime-protocol §3). openSco sends it once the SCO's page is in;
    // sent at once, its write held up the attempt's and the document's answers on the server.
    if (step.kind === 'deliver') {
      void this.openSco(step.id, step.newTreeAttempt === true);
      if (step.save) this.sender.holdState(step.save);
      return;
    }
    if (step.save) this.sender.saveState(step.save);
    switch (step.kind) {
      case 'refused':
        return this.view.status('That is not available right now.', true);
      case 'leave':
        return this.leaveSco(this.current!, step.request);
      case 'panel':
        this.view.removeFrame();
        this.view.setLoading(false);
        this.render();
        this.view.panel({ ...step.panel, actions: step.panel.actions?.map((a) => this.action(a)) });
        if (step.toc) this.view.openToc(true);
        if (step.exited) this.postExit(step.exited.suspended);
        return;
    }
  }

  private action(a: NavAction): { label: string; run: () => void } {
    return { label: a.label, run: () => this.navigate(a.go) };
  }

  /** Tells an integrator's page that the learner is done with the player. */
  private postExit(suspended: boolean): void {
    try {
      this.env.window.parent?.postMessage({ type: 'scorm-player:exit', suspended }, '*');
    } catch {
      // A parent that cannot be reached has nothing to learn.
    }
  }

  private async openSco(id: string, newTreeAttempt = false): Promise<void> {
    const nav = this.nav!;
    const item = nav.items.get(id);
    if (!item || item.launch_url === null) return this.fail({ kind: 'error', heading: 'This part cannot be opened', message: 'It has no content to show.' });
    this.view.removeFrame();
    this.view.hidePanel();
    this.view.setLoading(true);
    const url = this.launch.content_base + item.launch_url;
    // What the previous SCO committed (its adl.data writes above all) reaches the server before
    // the next one opens and reads it; a send that has to wait does not hold the launch up. A
    // sequencing state alone does not wait: opening an attempt never reads it (runtime-protocol
    // §3); it leaves once the SCO's page has loaded (below), or with any send before that.
    const opening = this.sender.hasCommits
      ? this.sender.pump().then(() => this.client.openAttempt(id, newTreeAttempt))
      : this.client.openAttempt(id, newTreeAttempt);
    // Marks on the page's timeline (bench/player.ts reads them; a mark costs microseconds).
    this.env.window.performance.mark('player: attempt POST sent');
    // The page's own work waits until the request is on its way: the controls and contents are
    // drawn while the server opens the attempt.
    this.render();
    let opened;
    try {
      opened = await opening;
    } catch (error) {
      void this.sender.pump();
      return this.fail(requestFailure(error, () => void this.openSco(id), item.title));
    }
    const w = this.env.window;
    w.performance.mark('player: attempt answered');
    // The frame first, so its request leaves at once; the API is exposed below in this same task,
    // so it exists before anything of the SCO's page can run.
    const loadTimer = w.setTimeout(() => {
      if (this.current === sco && !sco.ended) this.view.status('The content is taking long to load…', true);
    }, LOAD_TIMEOUT_MS);
    this.view.mountFrame(item.title, url, (html) => {
      w.clearTimeout(loadTimer);
      void this.sender.pump();
      if (this.current !== sco) return;
      this.view.setLoading(false);
      // An error answer or the browser's network error page: a retry instead of a blank frame.
      if (!sco.ended && !html) {
        this.view.removeFrame();
        sco.abort();
        nav.failed(id);
        this.fail(requestFailure(new RuntimeRequestError(0, 'SCO_UNAVAILABLE', 'The content did not load.'), () => void this.openSco(id), item.title));
      }
    });
    w.performance.mark('player: SCO frame navigates');
    const sco: ScoBinding = new ScoBinding({
      window: w, id, sessionId: opened.session_id, attempt: opened.attempt,
      context: { ...opened.context, objectiveValues: nav.objectiveValues(id) },
      commit: (input) => this.sender.commit(input),
      autoCommitSeconds: this.launch.auto_commit_seconds,
      onTerminated: (result, scoEnd) => nav.terminated(id, result, scoEnd),
      afterTerminate: (end) => this.afterTerminate(sco, end),
      onReported: (result) => {
        if (this.current === sco && nav.reported(id, result)) this.render();
      },
      requestValid: (request) => nav.requestValid(request),
      traced: this.launch.trace === true,
      clock: () => w.performance.now(),
      onTimeLimit: (limit) => {
        if (this.current !== sco) return;
        if (limit.message) this.view.status(limit.exit ? 'The time allowed for this part is over.' : 'The time allowed for this part is over; you may go on.', true);
        if (limit.exit) this.navigate({ type: 'exit' });
      },
    });
    this.current = sco;
    nav.opened(id);
    this.render();
  }

  /**
   * What follows a Terminate: at once when the player took the SCO away; otherwise once the SCO's
   * document unloads by itself or the grace passes. Either way only on a shown page: a SCO that
   * ends from its beforeunload / unload handler while the tab closes leads nowhere (no
   * auto-continue, no attempt opened on the next SCO), and one that ends in a hidden tab goes on
   * when the learner comes back.
   */
  private afterTerminate(sco: ScoBinding, end: SessionEnd): void {
    if (this.current !== sco) return;
    let done = false;
    let timer = 0;
    const step = { cancel: () => { done = true; this.env.window.clearTimeout(timer); } };
    const go = () => {
      if (done) return;
      step.cancel();
      this.page.whenShown(() => {
        if (this.current !== sco || this.afterEnd !== step) return;
        this.afterEnd = null;
        this.apply(this.nav!.afterTerminate(sco.id, end));
      });
    };
    this.afterEnd = step;
    if (this.taking === sco) return go();
    timer = this.env.window.setTimeout(go, TERMINATE_GRACE_MS);
    this.view.onFrameUnload(go);
  }

  /**
   * Takes the SCO away for a request of the learner's. Removing its frame runs its unload
   * handlers now, where content calls Terminate / LMSFinish; the binding ends the others.
   */
  private leaveSco(sco: ScoBinding, request: NavigationRequest): void {
    sco.prepareLeave(request);
    this.taking = sco;
    this.view.removeFrame();
    if (!sco.endByPlayer()) this.apply(this.nav!.abandoned(request));
  }

  private render(): void {
    if (this.nav) this.view.render(this.nav.view());
  }

  private onTransport(event: TransportEvent): void {
    if (event.type === 'stale' && event.sessionId === this.current?.sessionId) this.stale = true;
    const shown = transportStatus(event, this.current?.sessionId, this.stale);
    if (shown) this.view.status(shown.text, shown.warn);
  }

  private fail(content: PanelContent): void {
    this.view.setLoading(false);
    this.view.panel(content);
  }
}
