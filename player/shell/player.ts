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
}

/** How long a SCO may take to load before the learner is told. */
const LOAD_TIMEOUT_MS = 30_000;

export class Player {
  private readonly view: PlayerView;
  private readonly client: RuntimeClient;
  private readonly sender: CommitSender;
  private launch!: LaunchData;
  private nav: NavigationController | null = null;
  /** The SCO put on the stage last (ended or not). */
  private current: ScoBinding | null = null;
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
    // Page hidden or closed: save what the SCO set (RTE: the LMS keeps the data even without Commit).
    w.document.addEventListener('visibilitychange', () => {
      if (w.document.visibilityState === 'hidden') this.saveNow();
      else this.sender.pageShown();
    });
    w.addEventListener('pagehide', () => this.saveNow());
    w.addEventListener('online', () => void this.sender.pump());
    await this.boot();
  }

  /** The learner's controls and the table of contents call this; so does the time limit. */
  navigate(request: NavigationRequest | 'launch'): void {
    if (this.nav) this.apply(this.nav.request(request));
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
    try {
      this.launch = await this.client.launch(hadJournal);
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
    this.view.setupToc(nav.multi, nav.view().tocShown);
    this.apply(nav.launch());
  }

  /** Does what the controller decided. */
  private apply(step: NavStep): void {
    if (step.save) this.sender.saveState(step.save);
    switch (step.kind) {
      case 'deliver':
        void this.openSco(step.id, step.newTreeAttempt === true);
        return;
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
    this.render();
    let opened;
    try {
      opened = await this.client.openAttempt(id, newTreeAttempt);
    } catch (error) {
      return this.fail(requestFailure(error, () => void this.openSco(id), item.title));
    }
    const w = this.env.window;
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
      onTimeLimit: (limit) => {
        if (this.current !== sco) return;
        if (limit.message) this.view.status(limit.exit ? 'The time allowed for this part is over.' : 'The time allowed for this part is over; you may go on.', true);
        if (limit.exit) this.navigate({ type: 'exit' });
      },
    });
    this.current = sco;
    nav.opened(id);
    const loadTimer = w.setTimeout(() => {
      if (this.current === sco && !sco.ended) this.view.status('The content is taking long to load…', true);
    }, LOAD_TIMEOUT_MS);
    this.view.mountFrame(item.title, this.launch.content_base + item.launch_url, (html) => {
      w.clearTimeout(loadTimer);
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
    this.render();
  }

  private afterTerminate(sco: ScoBinding, end: SessionEnd): void {
    if (this.current !== sco) return;
    this.apply(this.nav!.afterTerminate(sco.id, end));
  }

  /**
   * Takes the SCO away for a request of the learner's. Removing its frame runs its unload
   * handlers now, where content calls Terminate / LMSFinish; the binding ends the others.
   */
  private leaveSco(sco: ScoBinding, request: NavigationRequest): void {
    sco.prepareLeave(request);
    this.view.removeFrame();
    if (!sco.endByPlayer()) this.apply(this.nav!.abandoned(request));
  }

  private saveNow(): void {
    this.sender.pageHidden();
    this.current?.flush();
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
