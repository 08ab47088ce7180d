// Whether the player's page may start something now. Nothing is started (no auto-continue, no SCO
// attempt opened) while the page is hidden or going away: a step asked for then waits until the
// page is shown again, and is dropped once the page is gone (a closed tab never opens a SCO).

export type PagePhase = 'shown' | 'hidden' | 'leaving' | 'gone';

/**
 * beforeunload may be cancelled (a "leave this page?" dialog of the SCO's): a page still visible
 * this long after it, with no pagehide, stayed. Timers wait while a dialog is open.
 */
export const UNLOAD_CANCELLED_AFTER_MS = 2000;

export class PageLifecycle {
  private phaseNow: PagePhase;
  private waiting: (() => void) | null = null;
  private cancelTimer: number | null = null;

  constructor(private readonly win: Window, private readonly onPhase: (phase: PagePhase) => void = () => undefined) {
    const doc = win.document;
    this.phaseNow = doc.visibilityState === 'hidden' ? 'hidden' : 'shown';
    doc.addEventListener('visibilitychange', () => {
      if (doc.visibilityState === 'hidden') this.set(this.phaseNow === 'shown' ? 'hidden' : this.phaseNow);
      else if (this.phaseNow === 'hidden') this.set('shown');
    });
    // The player's own window hears beforeunload before the SCO's frame does (parent first), so
    // a SCO that terminates from its beforeunload / unload handler finds the page already leaving.
    win.addEventListener('beforeunload', () => {
      if (this.phaseNow === 'gone') return;
      this.set('leaving');
      if (this.cancelTimer !== null) win.clearTimeout(this.cancelTimer);
      this.cancelTimer = win.setTimeout(() => {
        this.cancelTimer = null;
        if (this.phaseNow === 'leaving') this.set(doc.visibilityState === 'hidden' ? 'hidden' : 'shown');
      }, UNLOAD_CANCELLED_AFTER_MS);
    });
    // A page kept in the back/forward cache may come back (pageshow, persisted): its step waits.
    win.addEventListener('pagehide', (e) => this.set((e as PageTransitionEvent).persisted ? 'hidden' : 'gone'));
    // Back from the back/forward cache: the page lives again.
    win.addEventListener('pageshow', (e) => {
      if ((e as PageTransitionEvent).persisted) this.set(doc.visibilityState === 'hidden' ? 'hidden' : 'shown');
    });
  }

  get phase(): PagePhase {
    return this.phaseNow;
  }

  /** Runs `step` now if the page is shown, else once it is shown again; a newer step replaces it. */
  whenShown(step: () => void): void {
    if (this.phaseNow === 'shown') {
      this.waiting = null;
      step();
    } else {
      this.waiting = step;
    }
  }

  private set(phase: PagePhase): void {
    if (phase === this.phaseNow) return;
    this.phaseNow = phase;
    this.onPhase(phase);
    if (phase === 'gone') this.waiting = null;
    if (phase === 'shown' && this.waiting) {
      const step = this.waiting;
      this.waiting = null;
      step();
    }
  }
}
