// imsss:objectives (SN 4th Ed. 3.10 Objective Description, 3.10.1 Objective Map Information) and
// the 4th Edition adlseq:objectives extension, merged onto the imsss objective of the same id.
import type { ObjectiveDescription, ObjectiveMapInfo } from '../sequencing/definition.ts';
import { childOf, childrenOf, textOf } from './dom.ts';
import { parseDecimal, readBoolean, readString, type ValueContext } from './values.ts';
import type { XmlElement } from './xml.ts';

type ExtendedFlags = Omit<ObjectiveMapInfo, 'targetObjectiveID' | 'readSatisfiedStatus' | 'readNormalizedMeasure' | 'writeSatisfiedStatus' | 'writeNormalizedMeasure'>;
export interface AdlseqObjective {
  objectiveID: string;
  mapInfo: (ExtendedFlags & { targetObjectiveID: string })[];
}

// An imsss:mapInfo alone shares only satisfied status and measure: the extended flags stay off
// until an adlseq:mapInfo for the same target turns them on (SN 4th Ed. 3.10.1).
const NO_EXTENDED: ExtendedFlags = {
  readCompletionStatus: false, writeCompletionStatus: false, readProgressMeasure: false, writeProgressMeasure: false,
  readRawScore: false, writeRawScore: false, readMinScore: false, writeMinScore: false, readMaxScore: false, writeMaxScore: false,
};

function readMapInfo(ctx: ValueContext, el: XmlElement): ObjectiveMapInfo | undefined {
  const targetObjectiveID = readString(el, 'targetObjectiveID');
  if (!targetObjectiveID) {
    ctx.sink.warn('INVALID_VALUE', '<mapInfo> has no targetObjectiveID, so it maps to nothing; it is ignored.', ctx.path);
    return undefined;
  }
  return {
    targetObjectiveID,
    readSatisfiedStatus: readBoolean(ctx, el, 'readSatisfiedStatus', true),
    readNormalizedMeasure: readBoolean(ctx, el, 'readNormalizedMeasure', true),
    writeSatisfiedStatus: readBoolean(ctx, el, 'writeSatisfiedStatus', false),
    writeNormalizedMeasure: readBoolean(ctx, el, 'writeNormalizedMeasure', false),
    ...NO_EXTENDED,
  };
}

function readObjective(ctx: ValueContext, el: XmlElement, primary: boolean): ObjectiveDescription | undefined {
  const objectiveID = readString(el, 'objectiveID');
  if (!primary && !objectiveID) {
    ctx.sink.warn('INVALID_VALUE', 'An <objective> has no objectiveID (required for objectives other than the primary one); it is ignored.', ctx.path);
    return undefined;
  }
  const measureEl = childOf(el, 'imsss', 'minNormalizedMeasure');
  let minNormalizedMeasure = 1;
  if (measureEl) {
    const parsed = parseDecimal(textOf(measureEl), -1, 1);
    if (parsed === undefined) ctx.sink.warn('INVALID_VALUE', `<minNormalizedMeasure> "${textOf(measureEl)}" is not a number from -1 to 1; the default 1.0 is used.`, ctx.path);
    else minNormalizedMeasure = parsed;
  }
  return {
    objectiveID,
    primary,
    satisfiedByMeasure: readBoolean(ctx, el, 'satisfiedByMeasure', false),
    minNormalizedMeasure,
    mapInfo: childrenOf(el, 'imsss', 'mapInfo').map((m) => readMapInfo(ctx, m)).filter((m): m is ObjectiveMapInfo => m !== undefined),
  };
}

export function readObjectives(ctx: ValueContext, el: XmlElement): ObjectiveDescription[] {
  const out: ObjectiveDescription[] = [];
  const primaryEl = childOf(el, 'imsss', 'primaryObjective');
  const primary = primaryEl && readObjective(ctx, primaryEl, true);
  if (primary) out.push(primary);
  for (const o of childrenOf(el, 'imsss', 'objective')) {
    const read = readObjective(ctx, o, false);
    if (!read) continue;
    if (out.some((x) => x.objectiveID === read.objectiveID))
      ctx.sink.warn('INVALID_VALUE', `Objective "${read.objectiveID}" is declared twice on one activity; the second is ignored.`, ctx.path);
    else out.push(read);
  }
  return out;
}

export function readAdlseqObjectives(ctx: ValueContext, el: XmlElement): AdlseqObjective[] {
  return childrenOf(el, 'adlseq', 'objective').flatMap((o) => {
    const objectiveID = readString(o, 'objectiveID');
    if (!objectiveID) return [];
    const mapInfo = childrenOf(o, 'adlseq', 'mapInfo').flatMap((m) => {
      const targetObjectiveID = readString(m, 'targetObjectiveID');
      if (!targetObjectiveID) return [];
      const flag = (name: keyof ExtendedFlags) => readBoolean(ctx, m, name, name.startsWith('read'));
      return [{
        targetObjectiveID,
        readCompletionStatus: flag('readCompletionStatus'), writeCompletionStatus: flag('writeCompletionStatus'),
        readProgressMeasure: flag('readProgressMeasure'), writeProgressMeasure: flag('writeProgressMeasure'),
        readRawScore: flag('readRawScore'), writeRawScore: flag('writeRawScore'),
        readMinScore: flag('readMinScore'), writeMinScore: flag('writeMinScore'),
        readMaxScore: flag('readMaxScore'), writeMaxScore: flag('writeMaxScore'),
      }];
    });
    return [{ objectiveID, mapInfo }];
  });
}

/** Folds adlseq:objective maps into the imsss objectives (CAM 4th Ed. 5.1.x adlseq:objectives). */
export function mergeObjectives(ctx: ValueContext, objectives: ObjectiveDescription[], extensions: AdlseqObjective[]): ObjectiveDescription[] {
  const merged = objectives.map((o) => ({ ...o, mapInfo: o.mapInfo.map((m) => ({ ...m })) }));
  for (const ext of extensions) {
    const target = merged.find((o) => o.objectiveID === ext.objectiveID);
    if (!target) {
      ctx.sink.warn('INVALID_VALUE', `adlseq:objective "${ext.objectiveID}" extends no imsss objective of this activity; it is ignored.`, ctx.path);
      continue;
    }
    for (const map of ext.mapInfo) {
      const existing = target.mapInfo.find((m) => m.targetObjectiveID === map.targetObjectiveID);
      if (existing) Object.assign(existing, map);
      else target.mapInfo.push({ readSatisfiedStatus: false, readNormalizedMeasure: false, writeSatisfiedStatus: false, writeNormalizedMeasure: false, ...map });
    }
  }
  return merged;
}
