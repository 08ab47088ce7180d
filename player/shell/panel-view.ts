// The message panel over the stage: errors with a retry, the end of a course, "choose an item".
// Always words and buttons, never a blank frame or a stack trace.

export interface PanelAction {
  label: string;
  run: () => void;
  secondary?: boolean;
}

export interface PanelContent {
  heading: string;
  message: string;
  actions?: PanelAction[];
  /** data-kind for tests and styling: error, end, choose, info. */
  kind: string;
}

export function showPanel(panel: HTMLElement, content: PanelContent): void {
  const doc = panel.ownerDocument;
  const heading = doc.createElement('h2');
  heading.className = 'panel-heading';
  heading.textContent = content.heading;
  const text = doc.createElement('p');
  text.textContent = content.message;
  const actions = doc.createElement('div');
  actions.className = 'panel-actions';
  for (const action of content.actions ?? []) {
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = action.label;
    if (action.secondary) button.className = 'secondary';
    button.addEventListener('click', action.run);
    actions.append(button);
  }
  panel.replaceChildren(heading, text, ...(actions.childElementCount > 0 ? [actions] : []));
  panel.dataset.kind = content.kind;
  panel.setAttribute('role', content.kind === 'error' ? 'alert' : 'status');
  panel.hidden = false;
  (actions.querySelector('button') as HTMLButtonElement | null)?.focus();
}

export function hidePanel(panel: HTMLElement): void {
  panel.hidden = true;
  panel.replaceChildren();
  delete panel.dataset.kind;
}
