// The elements of the shell page the server renders (server/http/player-page.ts), looked up once.

export interface PageElements {
  root: HTMLElement;
  title: HTMLElement;
  status: HTMLElement;
  tocToggle: HTMLButtonElement;
  toc: HTMLElement;
  tocList: HTMLOListElement;
  stage: HTMLElement;
  panel: HTMLElement;
  loading: HTMLElement;
  previous: HTMLButtonElement;
  continue: HTMLButtonElement;
  suspend: HTMLButtonElement;
  exit: HTMLButtonElement;
  exitActivity: HTMLButtonElement;
  abandonAll: HTMLButtonElement;
}

export function pageElements(doc: Document): PageElements {
  const get = <T extends HTMLElement>(id: string): T => {
    const el = doc.getElementById(id);
    if (!el) throw new Error(`the player page has no #${id}`);
    return el as T;
  };
  return {
    root: get('player'),
    title: get('player-title'),
    status: get('player-status'),
    tocToggle: get('toc-toggle'),
    toc: get('toc'),
    tocList: get('toc-list'),
    stage: get('stage'),
    panel: get('panel'),
    loading: get('loading'),
    previous: get('nav-previous'),
    continue: get('nav-continue'),
    suspend: get('nav-suspend'),
    exit: get('nav-exit'),
    exitActivity: get('nav-exit-activity'),
    abandonAll: get('nav-abandon-all'),
  };
}
