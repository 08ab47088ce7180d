// An accessible progress bar (role=progressbar) whose value never goes down, like the Job's.
import { el } from './dom.ts';

export interface ProgressBar {
  node: HTMLElement;
  set(percent: number, text: string): void;
  value(): number;
}

export function progressBar(label: string, className: string): ProgressBar {
  const fill = el('div', { class: 'fill' });
  const bar = el('div', { class: `bar ${className}`, attrs: { role: 'progressbar', 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' } }, fill);
  const caption = el('span', { class: 'bar-text' });
  const node = el('div', { class: 'bar-row' }, el('span', { class: 'bar-label' }, label), bar, caption);
  let current = 0;
  return {
    node,
    set(percent, text) {
      current = Math.max(current, Math.min(100, Math.max(0, Math.floor(percent))));
      bar.setAttribute('aria-valuenow', String(current));
      fill.style.width = `${current}%`;
      caption.textContent = text;
    },
    value: () => current,
  };
}
