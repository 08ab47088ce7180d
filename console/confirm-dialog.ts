// A modal confirmation (<dialog>), resolving true only when the administrator confirms.
import { el } from './dom.ts';

export function confirmDialog(title: string, body: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ok = el('button', { class: 'danger', attrs: { type: 'button', value: 'confirm' } }, confirmLabel);
    const no = el('button', { attrs: { type: 'button', value: 'cancel' } }, 'Keep it');
    const dialog = el('dialog', { class: 'confirm' }, el('h3', null, title), el('p', null, body), el('div', { class: 'actions' }, no, ok));
    const close = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    ok.addEventListener('click', () => close(true));
    no.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}
