// The CTS's UI inspection questions answered from what the player would show: its controls
// (present when not hidden by adlnav:hideLMSUI, enabled when the sequencer accepts the request)
// and its table of contents (entries a choice request would accept are selectable).
import type { HideLmsUi } from '../../../../scorm/manifest/model.ts';
import type { NavigationValidity } from '../../../../scorm/sequencing/index.ts';

export interface UiView {
  readonly validity: NavigationValidity;
  readonly hidden: readonly HideLmsUi[];
  readonly rootTitle: string;
}

function entry(view: UiView, title: string) {
  const root = /^the activity that corresponds to the root of "(.*)"$/.exec(title);
  const want = (root ? root[1]! : title).trim();
  return view.validity.toc.find((e) => e.title.trim() === want);
}

/** The player's answer to one question key (UserInterface.properties of the CTS). */
export function answerUiQuestion(view: UiView, question: string): boolean {
  const [key, arg = ''] = question.split('@') as [string, string?];
  const v = view.validity;
  const shown = (control: HideLmsUi) => !view.hidden.includes(control);
  switch (key) {
    case 'previous.enabled':
      return shown('previous') && v.previous;
    case 'previous.disabled': // no enabled device: hidden by hideLMSUI counts too (CTS CM-01 1V1)
      return !(shown('previous') && v.previous);
    case 'continue.enabled':
      return shown('continue') && v.continue;
    case 'continue.disabled':
      return !(shown('continue') && v.continue);
    case 'toc.enabled':
      return v.toc.some((e) => e.visible);
    case 'toc.enabled.selectable': {
      const e = entry(view, arg);
      return e !== undefined && e.visible && e.enabled;
    }
    case 'toc.visible':
      return entry(view, arg)?.visible === true;
    case 'ui.visible':
      return shown(arg as HideLmsUi);
    case 'click.button': // a button of the test SCO itself
      return true;
    default:
      throw new Error(`unknown UI question "${question}"`);
  }
}
