// The public interface of the sequencing module: every navigation decision of the player.
export { buildActivityTree, seededRandom } from './activity-tree.ts';
export type { ActivityTree, TreeOptions } from './activity-tree.ts';
export { activityStatus } from './activity-status.ts';
export { exitSeenBySequencer, launchRequest, parseAdlNavRequest, requestAfterTerminate } from './after-terminate.ts';
export type { AfterTerminateOptions } from './after-terminate.ts';
export { defaultSequencingDefinition } from './definition.ts';
export type { SequencingDefinition } from './definition.ts';
export { navigationValidity, requestValidAnswer } from './navigation-validity.ts';
export { objectiveValuesAtDelivery } from './objective-values.ts';
export { previewNavigationRequest, processNavigationRequest } from './overall-sequencing.ts';
export { parsePrerequisites, prerequisitesMet } from './prerequisites.ts';
export { reportAttemptEnd } from './report-attempt-end.ts';
export { createSequencingState } from './sequencing-state.ts';
export type * from './types.ts';
