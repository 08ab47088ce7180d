// The SN book's exception codes with their messages (SN Appendix, process tables), one vocabulary
// for every process of the engine.
import type { SequencingException } from './types.ts';

const MESSAGES: Record<string, string> = {
  'NB.2.1-1': 'The sequencing session has already begun',
  'NB.2.1-2': 'The sequencing session has not begun',
  'NB.2.1-3': 'No suspended activity to resume',
  'NB.2.1-4': 'Flow is not allowed here (flow control mode of the parent is false)',
  'NB.2.1-5': 'Previous is not allowed here (flow is false or forward only is true)',
  'NB.2.1-6': 'No activity is previous to the root',
  'NB.2.1-7': 'Unsupported navigation request',
  'NB.2.1-8': 'Choice exit is not allowed from an active activity (choiceExit is false)',
  'NB.2.1-10': 'Choice is not allowed among these activities (choice control mode is false)',
  'NB.2.1-11': 'The target activity does not exist',
  'NB.2.1-12': 'The current activity has already been terminated',
  'NB.2.1-13': 'Undefined navigation request',
  'TB.2.3-1': 'No current activity to terminate',
  'TB.2.3-2': 'The current activity has already been terminated',
  'TB.2.3-3': 'Nothing to suspend',
  'TB.2.3-4': 'Exit parent is not possible from the root',
  'SB.2.1-1': 'Last activity in the tree',
  'SB.2.1-2': 'The cluster has no available children',
  'SB.2.1-3': 'No activity is previous to the root',
  'SB.2.1-4': 'Forward only: cannot move backward',
  'SB.2.2-1': 'Flow is not allowed in this cluster',
  'SB.2.2-2': 'The activity is not available (disabled or attempt limit reached)',
  'SB.2.4-1': 'Forward traversal is blocked (stopForwardTraversal)',
  'SB.2.4-2': 'Forward only: cannot move backward',
  'SB.2.4-3': 'No activity is previous to the root',
  'SB.2.5-1': 'The sequencing session has already begun',
  'SB.2.6-1': 'The sequencing session has already begun',
  'SB.2.6-2': 'No suspended activity to resume',
  'SB.2.7-1': 'The sequencing session has not begun',
  'SB.2.7-2': 'Flow is not allowed in this cluster',
  'SB.2.8-1': 'The sequencing session has not begun',
  'SB.2.8-2': 'Flow is not allowed in this cluster',
  'SB.2.9-1': 'No target for choice',
  'SB.2.9-2': 'The target activity is not available',
  'SB.2.9-3': 'The target activity is hidden from choice',
  'SB.2.9-4': 'Choice is not allowed among these activities',
  'SB.2.9-5': 'No activities to consider',
  'SB.2.9-6': 'The target cannot be activated (preventActivation)',
  'SB.2.9-7': 'Choice exit is not allowed (choiceExit is false)',
  'SB.2.9-8': 'The target is outside the constrained choice set (constrainChoice)',
  'SB.2.9-9': 'The chosen cluster has nothing to deliver',
  'SB.2.10-1': 'The sequencing session has not begun',
  'SB.2.10-2': 'The current activity is still active or suspended',
  'SB.2.10-3': 'Nothing to deliver on retry',
  'SB.2.11-1': 'The sequencing session has not begun',
  'SB.2.11-2': 'The current activity has not been terminated',
  'SB.2.12-1': 'Undefined sequencing request',
  'SB.2.13-1': 'The sequencing session has not begun',
  'DB.1.1-1': 'Only a leaf activity can be delivered',
  'DB.1.1-2': 'Nothing to deliver',
  'DB.1.1-3': 'The activity is not available (disabled or attempt limit reached)',
  'DB.2-1': 'The activity is already active',
  '1.2-PREREQ': 'The prerequisites of this item are not met',
  '1.2-NONE': 'No item to deliver in that direction',
};

export function sequencingException(code: string): SequencingException {
  return { code, message: MESSAGES[code] ?? code };
}

/** Thrown inside a process and caught by the overall process, which returns it as a result. */
export class SequencingError extends Error {
  constructor(
    readonly exception: SequencingException,
    readonly endSession = false,
  ) {
    super(exception.message);
  }
}

export function fail(code: string, endSession = false): never {
  throw new SequencingError(sequencingException(code), endSession);
}
