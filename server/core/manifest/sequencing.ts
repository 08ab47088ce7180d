// One imsss:sequencing element read into the parts it declares, the sequencingCollection, and
// the final SequencingDefinition: the referenced collection entry (IDRef) with the item's own
// elements overriding it element by element (CAM 4th Ed. 5.1.1 IDRef), then SN defaults.
import { defaultSequencingDefinition, type SequencingDefinition } from '../../../player/sequencing/definition.ts';
import { childOf, childrenOf, idOf } from './dom.ts';
import type { DiagnosticSink } from './diagnostics.ts';
import { mergeObjectives, readAdlseqObjectives, readObjectives, type AdlseqObjective } from './sequencing-objectives.ts';
import { readRollupRules, readSequencingRules } from './sequencing-rules.ts';
import { readBoolean, readEnum, readInteger, readString, type ValueContext } from './values.ts';
import type { XmlElement } from './xml.ts';

type Parts = Partial<Omit<SequencingDefinition, 'objectives'>> & {
  objectives?: SequencingDefinition['objectives'];
  adlseqObjectives?: AdlseqObjective[];
};

export interface SequencingContext {
  sink: DiagnosticSink;
  collection: Map<string, Parts>;
  /** Called when a 4th Edition-only construct is met (for EDITION_MISMATCH). */
  fourthEdition(feature: string, path: string): void;
}

const TIMINGS = ['never', 'once', 'onEachNewAttempt'] as const;
const CONSIDERATIONS = ['always', 'ifAttempted', 'ifNotSkipped', 'ifNotSuspended'] as const;

export function readParts(sink: DiagnosticSink, el: XmlElement, path: string, fourthEdition: SequencingContext['fourthEdition']): Parts {
  const parts: Parts = {};
  const at = (local: string): [ValueContext, XmlElement] | undefined => {
    const found = childOf(el, 'imsss', local);
    return found ? [{ sink, path: `${path}/${local}` }, found] : undefined;
  };
  const adl = (local: string): [ValueContext, XmlElement] | undefined => {
    const found = childOf(el, 'adlseq', local);
    return found ? [{ sink, path: `${path}/${local}` }, found] : undefined;
  };
  let x = at('controlMode');
  if (x) {
    const [c, e] = x;
    parts.controlMode = {
      choice: readBoolean(c, e, 'choice', true), choiceExit: readBoolean(c, e, 'choiceExit', true),
      flow: readBoolean(c, e, 'flow', false), forwardOnly: readBoolean(c, e, 'forwardOnly', false),
      useCurrentAttemptObjectiveInfo: readBoolean(c, e, 'useCurrentAttemptObjectiveInfo', true),
      useCurrentAttemptProgressInfo: readBoolean(c, e, 'useCurrentAttemptProgressInfo', true),
    };
  }
  if ((x = at('sequencingRules'))) parts.sequencingRules = readSequencingRules(...x);
  if ((x = at('limitConditions'))) {
    const [c, e] = x;
    parts.limitConditions = {
      attemptLimit: readInteger(c, e, 'attemptLimit', undefined),
      attemptAbsoluteDurationLimit: readString(e, 'attemptAbsoluteDurationLimit'),
      attemptExperiencedDurationLimit: readString(e, 'attemptExperiencedDurationLimit'),
      activityAbsoluteDurationLimit: readString(e, 'activityAbsoluteDurationLimit'),
      activityExperiencedDurationLimit: readString(e, 'activityExperiencedDurationLimit'),
      beginTimeLimit: readString(e, 'beginTimeLimit'),
      endTimeLimit: readString(e, 'endTimeLimit'),
    };
  }
  if ((x = at('auxiliaryResources')))
    parts.auxiliaryResources = childrenOf(x[1], 'imsss', 'auxiliaryResource').map((a) => ({
      auxiliaryResourceID: readString(a, 'auxiliaryResourceID') ?? '', purpose: readString(a, 'purpose') ?? '',
    }));
  if ((x = at('rollupRules'))) parts.rollup = readRollupRules(...x);
  if ((x = at('objectives'))) parts.objectives = readObjectives(...x);
  if ((x = at('randomizationControls'))) {
    const [c, e] = x;
    parts.randomization = {
      randomizationTiming: readEnum(c, e, 'randomizationTiming', TIMINGS, 'never'),
      selectCount: readInteger(c, e, 'selectCount', undefined),
      reorderChildren: readBoolean(c, e, 'reorderChildren', false),
      selectionTiming: readEnum(c, e, 'selectionTiming', TIMINGS, 'never'),
    };
  }
  if ((x = at('deliveryControls'))) {
    const [c, e] = x;
    parts.delivery = {
      tracked: readBoolean(c, e, 'tracked', true),
      completionSetByContent: readBoolean(c, e, 'completionSetByContent', false),
      objectiveSetByContent: readBoolean(c, e, 'objectiveSetByContent', false),
    };
  }
  if ((x = adl('constrainedChoiceConsiderations'))) {
    const [c, e] = x;
    parts.constrainedChoiceConsiderations = {
      preventActivation: readBoolean(c, e, 'preventActivation', false),
      constrainChoice: readBoolean(c, e, 'constrainChoice', false),
    };
  }
  if ((x = adl('rollupConsiderations'))) {
    const [c, e] = x;
    parts.rollupConsiderations = {
      requiredForSatisfied: readEnum(c, e, 'requiredForSatisfied', CONSIDERATIONS, 'always'),
      requiredForNotSatisfied: readEnum(c, e, 'requiredForNotSatisfied', CONSIDERATIONS, 'always'),
      requiredForCompleted: readEnum(c, e, 'requiredForCompleted', CONSIDERATIONS, 'always'),
      requiredForIncomplete: readEnum(c, e, 'requiredForIncomplete', CONSIDERATIONS, 'always'),
      measureSatisfactionIfActive: readBoolean(c, e, 'measureSatisfactionIfActive', true),
    };
  }
  if ((x = adl('objectives'))) {
    fourthEdition('adlseq:objectives', x[0].path);
    parts.adlseqObjectives = readAdlseqObjectives(...x);
  }
  return parts;
}

/** imsss:sequencingCollection: reusable definitions by ID (CAM 4th Ed. 5.1.2). */
export function readCollection(root: XmlElement, sink: DiagnosticSink, fourthEdition: SequencingContext['fourthEdition']): Map<string, Parts> {
  const map = new Map<string, Parts>();
  for (const collection of childrenOf(root, 'imsss', 'sequencingCollection'))
    childrenOf(collection, 'imsss', 'sequencing').forEach((s, i) => {
      const id = idOf(s, 'ID');
      const path = `manifest/sequencingCollection/sequencing[${id ?? `#${i + 1}`}]`;
      if (!id) return sink.warn('MISSING_IDENTIFIER', 'A <sequencing> in the sequencingCollection has no ID, so nothing can use it.', path);
      if (map.has(id)) return sink.error('DUPLICATE_IDENTIFIER', `Two collection sequencing definitions have the ID "${id}".`, path);
      map.set(id, readParts(sink, s, path, fourthEdition));
    });
  return map;
}

/** The definition of one activity from its own imsss:sequencing (or none). */
export function resolveSequencing(ctx: SequencingContext, el: XmlElement | undefined, path: string): SequencingDefinition {
  const result = defaultSequencingDefinition();
  if (!el) return result;
  const seqPath = `${path}/sequencing`;
  const own = readParts(ctx.sink, el, seqPath, ctx.fourthEdition);
  const ref = readString(el, 'IDRef');
  let base: Parts = {};
  if (ref !== undefined) {
    const found = ctx.collection.get(ref);
    if (found) base = found;
    else ctx.sink.error('SEQUENCING_REF_NOT_FOUND', `The sequencing of this activity refers to IDRef "${ref}", but the sequencingCollection has no such ID.`, seqPath);
  }
  const merged: Parts = { ...base, ...stripUndefined(own) };
  const { objectives, adlseqObjectives, ...rest } = merged;
  Object.assign(result, structuredClone(rest));
  const objectiveList = structuredClone(objectives ?? []);
  result.objectives = adlseqObjectives ? mergeObjectives({ sink: ctx.sink, path: seqPath }, objectiveList, adlseqObjectives) : objectiveList;
  return result;
}

function stripUndefined(parts: Parts): Parts {
  return Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== undefined)) as Parts;
}
