// The console's only way to make DOM: elements built with createElement and text set with
// textContent, so package titles, learner names and responses are always shown as text.

type Child = Node | string | number | null | undefined | false;
type Props = {
  class?: string;
  id?: string;
  /** data-* attributes (camelCase keys, as in dataset). */
  data?: Record<string, string>;
  /** Plain attributes set with setAttribute (never an event handler or inline HTML). */
  attrs?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
};

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props) {
    if (props.class) node.className = props.class;
    if (props.id) node.id = props.id;
    for (const [key, value] of Object.entries(props.data ?? {})) node.dataset[key] = value;
    for (const [key, value] of Object.entries(props.attrs ?? {})) {
      if (/^on/i.test(key)) throw new Error(`refusing to set the event attribute ${key}`);
      node.setAttribute(key, value);
    }
    for (const [type, handler] of Object.entries(props.on ?? {})) node.addEventListener(type, handler as EventListener);
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** A link inside the console (hash routes). */
export function link(href: string, ...children: Child[]): HTMLAnchorElement {
  return el('a', { attrs: { href } }, ...children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  append(node, ...children);
  return node;
}

/** A two-column list of facts; values may be nodes. */
export function facts(rows: Array<[string, Child]>): HTMLDListElement {
  const list = el('dl', { class: 'facts' });
  for (const [term, value] of rows) append(list, el('dt', null, term), el('dd', null, value ?? '—'));
  return list;
}

export function table(headers: string[], rows: Child[][], options: { class?: string; numeric?: number[] } = {}): HTMLTableElement {
  const numeric = new Set(options.numeric ?? []);
  const head = el('tr', null, ...headers.map((h, i) => el('th', { attrs: { scope: 'col' }, class: numeric.has(i) ? 'num' : undefined }, h)));
  const body = el('tbody', null, ...rows.map((cells) => el('tr', null, ...cells.map((c, i) => el('td', numeric.has(i) ? { class: 'num' } : null, c)))));
  return el('table', { class: options.class ?? 'grid' }, el('thead', null, head), body);
}
