// Which navigation controls the player shows: those the sequencer says would succeed now
// (SN 4.4 navigation requests via navigationValidity), minus those the current item's
// presentation hides (CAM 4th Ed. adlnav:hideLMSUI), and the table of contents' visibility.
import type { HideLmsUi } from '../../scorm/manifest/model.ts';
import type { NavigationValidity } from '../../scorm/sequencing/types.ts';

export interface ControlState {
  previous: boolean;
  continue: boolean;
  /** Exit the course (exit all). */
  exit: boolean;
  /** Suspend all: leave and resume here next time. */
  suspend: boolean;
  /** Exit this activity only (SN exit): back to the choice of what comes next. */
  exitActivity: boolean;
  /** Abandon all: leave the course without ending the attempts (SN abandonAll). */
  abandonAll: boolean;
}

export interface ControlInput {
  validity: NavigationValidity | null;
  hidden: readonly HideLmsUi[];
  /** More than one launchable item: flow controls and a table of contents make sense. */
  multi: boolean;
  /** A SCO is open (exit and suspend need something to leave). */
  active: boolean;
  /** SCORM 1.2 has no sequencing: no exit-this-activity or abandon-all there (default 2004). */
  mode?: '1.2' | '2004';
}

export function controlsFor(input: ControlInput): ControlState {
  const v = input.validity;
  const hide = new Set(input.hidden);
  if (!v) return { previous: false, continue: false, exit: false, suspend: false, exitActivity: false, abandonAll: false };
  const sn = input.mode !== '1.2';
  return {
    previous: input.multi && v.previous && !hide.has('previous'),
    continue: input.multi && v.continue && !hide.has('continue'),
    // Exit all stays offered between SCOs while the sequencing session lasts (CTS SX-09 asks the
    // learner for it after the SCO has terminated).
    exit: v.exitAll && !hide.has('exitAll'),
    suspend: input.active && v.suspendAll && !hide.has('suspendAll'),
    // Leaving one activity only makes sense where something else can be chosen next.
    exitActivity: sn && input.multi && input.active && v.exit && !hide.has('exit'),
    abandonAll: sn && input.active && v.abandonAll && !hide.has('abandonAll'),
  };
}

/**
 * The table of contents is for packages with more than one launchable item. Deviation: the
 * hideLMSUI vocabulary has no token for it, so an item that hides both previous and continue
 * (content that brings its own navigation) is read as asking for the SCO alone, without it.
 */
export function tocShown(multi: boolean, hidden: readonly HideLmsUi[]): boolean {
  return multi && !(hidden.includes('previous') && hidden.includes('continue'));
}
