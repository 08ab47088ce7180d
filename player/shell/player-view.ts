// The player page's DOM: title, status line, loading veil, message panel, navigation buttons,
// table of contents and the SCO's frame. It shows what it is told and reports the learner's clicks.
import type { NavigationRequest } from '../../scorm/sequencing/index.ts';
import type { NavView } from './navigation-controller.ts';
import { pageElements, type PageElements } from './page-elements.ts';
import { hidePanel, showPanel, type PanelContent } from './panel-view.ts';
import { loadedHtml } from './sco-checks.ts';
import { renderToc } from './toc-view.ts';

export class PlayerView {
  private readonly el: PageElements;
  private frame: HTMLIFrameElement | null = null;
  /** More than one launchable item: the table of contents exists. */
  private multi = false;

  constructor(private readonly win: Window, private readonly onRequest: (request: NavigationRequest) => void) {
    this.el = pageElements(win.document);
  }

  wireControls(): void {
    const el = this.el;
    el.tocToggle.addEventListener('click', () => this.openToc(el.toc.hidden));
    el.previous.addEventListener('click', () => this.onRequest({ type: 'previous' }));
    el.continue.addEventListener('click', () => this.onRequest({ type: 'continue' }));
    el.exit.addEventListener('click', () => this.onRequest({ type: 'exitAll' }));
    el.suspend.addEventListener('click', () => this.onRequest({ type: 'suspendAll' }));
    el.exitActivity.addEventListener('click', () => this.onRequest({ type: 'exit' }));
    el.abandonAll.addEventListener('click', () => this.onRequest({ type: 'abandonAll' }));
    this.win.document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.narrow() && !el.toc.hidden) {
        this.openToc(false);
        el.tocToggle.focus();
      }
    });
  }

  setTitle(title: string): void {
    this.el.title.textContent = title;
    this.win.document.title = title;
  }

  render(view: NavView): void {
    const c = view.controls;
    this.el.previous.hidden = !c.previous;
    this.el.continue.hidden = !c.continue;
    this.el.exit.hidden = !c.exit;
    this.el.suspend.hidden = !c.suspend;
    this.el.exitActivity.hidden = !c.exitActivity;
    this.el.abandonAll.hidden = !c.abandonAll;
    this.el.tocToggle.hidden = !view.tocShown;
    if (!view.tocShown) this.el.toc.hidden = true;
    else renderToc(this.el.tocList, view.toc, (id) => {
      if (this.narrow()) this.openToc(false);
      this.onRequest({ type: 'choice', target: id });
    });
  }

  /** At launch: wide screens start with the contents open; phones keep the SCO in view. */
  setupToc(multi: boolean, shown: boolean): void {
    this.multi = multi;
    if (shown) this.openToc(!this.narrow());
  }

  openToc(open: boolean): void {
    if (!this.multi) return;
    this.el.toc.hidden = !open;
    this.el.tocToggle.setAttribute('aria-expanded', String(open));
  }

  /** Puts a SCO's frame on the stage; `onLoad` learns whether an HTML page loaded in it. */
  mountFrame(title: string, url: string, onLoad: (html: boolean) => void): HTMLIFrameElement {
    const frame = this.win.document.createElement('iframe');
    frame.className = 'sco-frame';
    frame.id = 'sco-frame';
    frame.title = title;
    frame.setAttribute('allow', 'fullscreen; autoplay');
    // The launch file is same-origin HTML; anything else (an error answer, the browser's network
    // error page) means it did not load.
    frame.addEventListener('load', () => onLoad(loadedHtml(frame)), { once: true });
    frame.src = url;
    this.frame = frame;
    this.el.stage.append(frame);
    return frame;
  }

  /** Calls `fn` once when the document now in the SCO's frame unloads (it navigates, or is removed). */
  onFrameUnload(fn: () => void): void {
    try {
      this.frame?.contentWindow?.addEventListener('pagehide', () => fn(), { once: true });
    } catch {
      // A frame that is not same-origin any more tells nothing; the grace timer decides.
    }
  }

  /** Takes the SCO's frame off the stage (its unload handlers run now). */
  removeFrame(): void {
    if (this.frame?.isConnected) this.frame.remove();
  }

  panel(content: PanelContent): void {
    showPanel(this.el.panel, content);
    this.el.root.dataset.state = content.kind;
  }

  hidePanel(): void {
    hidePanel(this.el.panel);
  }

  setLoading(on: boolean): void {
    this.el.loading.hidden = !on;
    this.el.root.dataset.state = on ? 'loading' : 'ready';
  }

  status(text: string, warn = false): void {
    this.el.status.textContent = text;
    if (warn) this.el.status.dataset.tone = 'warn';
    else delete this.el.status.dataset.tone;
  }

  private narrow(): boolean {
    return this.win.matchMedia('(max-width: 700px)').matches;
  }
}
