// The table of contents: one button per visible activity with its status and whether it is the
// current one; activities the sequencer would refuse are shown but disabled (1.2 prerequisites,
// 2004 disabled / control modes), so the learner sees the whole course. A cluster is selectable
// when a choice of it would deliver (SN 4.4.2 choice of a cluster flows into it), and the root
// appears only then (CTS CM-07d/e choose it; CM-07b must not).
import type { TocEntry, TocStatus } from '../../scorm/sequencing/types.ts';

const STATUS_TEXT: Record<TocStatus, string> = {
  'not attempted': 'Not started',
  incomplete: 'In progress',
  completed: 'Completed',
  passed: 'Passed',
  failed: 'Failed',
};

export function renderToc(list: HTMLOListElement, entries: readonly TocEntry[], onChoose: (id: string) => void): void {
  const doc = list.ownerDocument;
  const focusedId = doc.activeElement instanceof HTMLElement && list.contains(doc.activeElement) ? doc.activeElement.dataset.id : undefined;
  list.replaceChildren();
  // The root (the organization) is the title bar, an entry only while choosing it would work.
  for (const [i, entry] of entries.entries()) {
    if (!entry.visible || (i === 0 && !entry.enabled)) continue;
    const li = doc.createElement('li');
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = entry.launchable ? 'toc-item' : 'toc-item group';
    button.dataset.id = entry.id;
    button.dataset.status = entry.status;
    button.style.setProperty('--depth', String(Math.max(0, entry.depth - 1)));
    if (i === 0) button.dataset.root = 'true';
    const title = doc.createElement('span');
    title.className = 'toc-title';
    title.textContent = entry.title;
    button.append(title);
    if (entry.launchable) {
      const status = doc.createElement('span');
      status.className = 'toc-status';
      status.dataset.status = entry.status;
      status.textContent = STATUS_TEXT[entry.status];
      button.append(status);
    }
    const available = entry.enabled || entry.current;
    if (!available) {
      button.disabled = true;
      if (entry.launchable) {
        button.append(lockIcon(doc));
      }
    }
    if (entry.current) button.setAttribute('aria-current', 'step');
    const label = [entry.title, entry.launchable ? STATUS_TEXT[entry.status] : '', entry.current ? 'current' : '', entry.launchable && !available ? 'not available yet' : '']
      .filter(Boolean).join(', ');
    button.setAttribute('aria-label', label);
    button.addEventListener('click', () => {
      if (!entry.current) onChoose(entry.id);
    });
    li.append(button);
    list.append(li);
  }
  if (focusedId !== undefined) (list.querySelector(`[data-id="${CSS.escape(focusedId)}"]`) as HTMLElement | null)?.focus();
}

/** A padlock drawn as SVG (emoji fonts are not everywhere). */
function lockIcon(doc: Document): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = doc.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'toc-lock');
  svg.setAttribute('viewBox', '0 0 12 14');
  svg.setAttribute('aria-hidden', 'true');
  const body = doc.createElementNS(ns, 'rect');
  Object.entries({ x: '1', y: '6', width: '10', height: '8', rx: '1.5' }).forEach(([k, v]) => body.setAttribute(k, v));
  const shackle = doc.createElementNS(ns, 'path');
  shackle.setAttribute('d', 'M3.5 6V4a2.5 2.5 0 0 1 5 0v2');
  shackle.setAttribute('fill', 'none');
  shackle.setAttribute('stroke', 'currentColor');
  shackle.setAttribute('stroke-width', '1.5');
  svg.append(body, shackle);
  return svg;
}
