// What cmi.objectives.n holds when an activity is delivered (RTE 4.2.17: the LMS initializes the
// records of the activity's objectives from their tracking data): status and measure as the
// sequencer reads them, and the 4th Edition extended data (completion, progress, raw scores)
// read through adlseq:mapInfo from global objectives (SN 4th Ed. 4.2.1.1; CTS CO-10, SX-11b).
import { nodeOf, type ActivityTree } from './activity-tree.ts';
import { objectiveKeys, readGlobalExtended, readObjective } from './objectives.ts';
import type { ObjectiveValues, SequencingState } from './types.ts';

export function objectiveValuesAtDelivery(tree: ActivityTree, state: SequencingState, id: string): ObjectiveValues[] {
  const node = nodeOf(tree, id);
  return objectiveKeys(node).filter((key) => key !== '').map((key) => {
    const o = readObjective(tree, state, id, key);
    const x = readGlobalExtended(tree, state, id, key);
    const values: ObjectiveValues = {
      id: key,
      successStatus: o.progressStatus ? (o.satisfiedStatus ? 'passed' : 'failed') : 'unknown',
      completionStatus: x.completionStatusKnown ? (x.completed ? 'completed' : 'incomplete') : 'unknown',
    };
    if (o.measureStatus) values.scoreScaled = o.normalizedMeasure;
    if (x.progressMeasureKnown) values.progressMeasure = x.progressMeasure ?? 0;
    if (x.rawScore !== undefined) values.scoreRaw = x.rawScore;
    if (x.minScore !== undefined) values.scoreMin = x.minScore;
    if (x.maxScore !== undefined) values.scoreMax = x.maxScore;
    return values;
  });
}
