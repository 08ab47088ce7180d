// imsss:sequencing elements applied onto an activity's SequencingDefinition: SN defaults first,
// then the referenced sequencingCollection entry (IDRef), then the item's own element. CAM 4th
// Ed. 5.1.1 (IDRef): the two are combined and the local information wins where both speak. An
// element the item declares replaces the collection's whole element, its missing attributes
// taking their defaults (as the ADL conformance suite expects: CTS CM-03b's local controlMode
// drops the collection's forwardOnly, CM-07d's local constrainedChoiceConsiderations its
// constrainChoice, RU-01ab's empty rollupRules its rules).
import { defaultSequencingDefinition, type SequencingDefinition } from '../sequencing/definition.ts';
import { childOf, childrenOf, idOf } from './dom.ts';
import { createSink, type DiagnosticSink } from './diagnostics.ts';
import { mergeObjectives, readAdlseqObjectives, readObjectives, type AdlseqObjective } from './sequencing-objectives.ts';
import { readRollupRules, readSequencingRules } from './sequencing-rules.ts';
import { readBoolean, readEnum, readInteger, readString, type ValueContext } from './values.ts';
import type { XmlElement } from './xml.ts';

export interface SequencingContext {
  sink: DiagnosticSink;
  /** sequencingCollection entries by ID. */
  collection: Map<string, XmlElement>;
  /** Called when a 4th Edition-only construct is met (for EDITION_MISMATCH). */
  fourthEdition(feature: string, path: string): void;
}

const TIMINGS = ['never', 'once', 'onEachNewAttempt'] as const;
const CONSIDERATIONS = ['always', 'ifAttempted', 'ifNotSkipped', 'ifNotSuspended'] as const;

type Applied = { def: SequencingDefinition; adlseq: AdlseqObjective[] | undefined };

function apply(sink: DiagnosticSink, el: XmlElement, path: string, into: Applied, fourthEdition: SequencingContext['fourthEdition']): void {
  const { def } = into;
  const base = defaultSequencingDefinition();
  const at = (kind: 'imsss' | 'adlseq', local: string): [ValueContext, XmlElement] | undefined => {
    const found = childOf(el, kind, local);
    return found ? [{ sink, path: `${path}/${local}` }, found] : undefined;
  };
  let x = at('imsss', 'controlMode');
  if (x) {
    const [c, e] = x;
    const m = base.controlMode;
    def.controlMode = {
      choice: readBoolean(c, e, 'choice', m.choice), choiceExit: readBoolean(c, e, 'choiceExit', m.choiceExit),
      flow: readBoolean(c, e, 'flow', m.flow), forwardOnly: readBoolean(c, e, 'forwardOnly', m.forwardOnly),
      useCurrentAttemptObjectiveInfo: readBoolean(c, e, 'useCurrentAttemptObjectiveInfo', m.useCurrentAttemptObjectiveInfo),
      useCurrentAttemptProgressInfo: readBoolean(c, e, 'useCurrentAttemptProgressInfo', m.useCurrentAttemptProgressInfo),
    };
  }
  if ((x = at('imsss', 'sequencingRules'))) def.sequencingRules = readSequencingRules(...x, base.sequencingRules);
  if ((x = at('imsss', 'limitConditions'))) {
    const [c, e] = x;
    const l = base.limitConditions;
    def.limitConditions = {
      attemptLimit: readInteger(c, e, 'attemptLimit', l.attemptLimit),
      attemptAbsoluteDurationLimit: readString(e, 'attemptAbsoluteDurationLimit') ?? l.attemptAbsoluteDurationLimit,
      attemptExperiencedDurationLimit: readString(e, 'attemptExperiencedDurationLimit') ?? l.attemptExperiencedDurationLimit,
      activityAbsoluteDurationLimit: readString(e, 'activityAbsoluteDurationLimit') ?? l.activityAbsoluteDurationLimit,
      activityExperiencedDurationLimit: readString(e, 'activityExperiencedDurationLimit') ?? l.activityExperiencedDurationLimit,
      beginTimeLimit: readString(e, 'beginTimeLimit') ?? l.beginTimeLimit,
      endTimeLimit: readString(e, 'endTimeLimit') ?? l.endTimeLimit,
    };
  }
  if ((x = at('imsss', 'auxiliaryResources')))
    def.auxiliaryResources = childrenOf(x[1], 'imsss', 'auxiliaryResource').map((a) => ({
      auxiliaryResourceID: readString(a, 'auxiliaryResourceID') ?? '', purpose: readString(a, 'purpose') ?? '',
    }));
  if ((x = at('imsss', 'rollupRules'))) def.rollup = readRollupRules(...x, base.rollup);
  if ((x = at('imsss', 'objectives'))) def.objectives = readObjectives(...x);
  if ((x = at('imsss', 'randomizationControls'))) {
    const [c, e] = x;
    const r = base.randomization;
    def.randomization = {
      randomizationTiming: readEnum(c, e, 'randomizationTiming', TIMINGS, r.randomizationTiming),
      selectCount: readInteger(c, e, 'selectCount', r.selectCount),
      reorderChildren: readBoolean(c, e, 'reorderChildren', r.reorderChildren),
      selectionTiming: readEnum(c, e, 'selectionTiming', TIMINGS, r.selectionTiming),
    };
  }
  if ((x = at('imsss', 'deliveryControls'))) {
    const [c, e] = x;
    const d = base.delivery;
    def.delivery = {
      tracked: readBoolean(c, e, 'tracked', d.tracked),
      completionSetByContent: readBoolean(c, e, 'completionSetByContent', d.completionSetByContent),
      objectiveSetByContent: readBoolean(c, e, 'objectiveSetByContent', d.objectiveSetByContent),
    };
  }
  if ((x = at('adlseq', 'constrainedChoiceConsiderations'))) {
    const [c, e] = x;
    const k = base.constrainedChoiceConsiderations;
    def.constrainedChoiceConsiderations = {
      preventActivation: readBoolean(c, e, 'preventActivation', k.preventActivation),
      constrainChoice: readBoolean(c, e, 'constrainChoice', k.constrainChoice),
    };
  }
  if ((x = at('adlseq', 'rollupConsiderations'))) {
    const [c, e] = x;
    const r = base.rollupConsiderations;
    def.rollupConsiderations = {
      requiredForSatisfied: readEnum(c, e, 'requiredForSatisfied', CONSIDERATIONS, r.requiredForSatisfied),
      requiredForNotSatisfied: readEnum(c, e, 'requiredForNotSatisfied', CONSIDERATIONS, r.requiredForNotSatisfied),
      requiredForCompleted: readEnum(c, e, 'requiredForCompleted', CONSIDERATIONS, r.requiredForCompleted),
      requiredForIncomplete: readEnum(c, e, 'requiredForIncomplete', CONSIDERATIONS, r.requiredForIncomplete),
      measureSatisfactionIfActive: readBoolean(c, e, 'measureSatisfactionIfActive', r.measureSatisfactionIfActive),
    };
  }
  if ((x = at('adlseq', 'objectives'))) {
    fourthEdition('adlseq:objectives', x[0].path);
    into.adlseq = readAdlseqObjectives(...x);
  }
}

/** imsss:sequencingCollection (CAM 4th Ed. 5.1.2); each entry is checked once, here. */
export function readCollection(root: XmlElement, sink: DiagnosticSink, fourthEdition: SequencingContext['fourthEdition']): Map<string, XmlElement> {
  const map = new Map<string, XmlElement>();
  for (const collection of childrenOf(root, 'imsss', 'sequencingCollection'))
    childrenOf(collection, 'imsss', 'sequencing').forEach((s, i) => {
      const id = idOf(s, 'ID');
      const path = `manifest/sequencingCollection/sequencing[${id ?? `#${i + 1}`}]`;
      if (!id) return sink.warn('MISSING_IDENTIFIER', 'A <sequencing> in the sequencingCollection has no ID, so nothing can use it.', path);
      if (map.has(id)) return sink.error('DUPLICATE_IDENTIFIER', `Two collection sequencing definitions have the ID "${id}".`, path);
      apply(sink, s, path, { def: defaultSequencingDefinition(), adlseq: undefined }, fourthEdition);
      map.set(id, s);
    });
  return map;
}

/** The definition of one activity (item or organization) from its own imsss:sequencing, if any. */
export function resolveSequencing(ctx: SequencingContext, el: XmlElement | undefined, path: string): SequencingDefinition {
  const into: Applied = { def: defaultSequencingDefinition(), adlseq: undefined };
  if (!el) return into.def;
  const seqPath = `${path}/sequencing`;
  const ref = readString(el, 'IDRef');
  if (ref !== undefined) {
    const shared = ctx.collection.get(ref);
    // Its problems were reported once by readCollection; a muted sink avoids one copy per user.
    if (shared) apply(createSink(), shared, seqPath, into, () => {});
    else ctx.sink.error('SEQUENCING_REF_NOT_FOUND', `The sequencing of this activity refers to IDRef "${ref}", but the sequencingCollection has no such ID.`, seqPath);
  }
  apply(ctx.sink, el, seqPath, into, ctx.fourthEdition);
  if (into.adlseq) into.def.objectives = mergeObjectives({ sink: ctx.sink, path: seqPath }, into.def.objectives, into.adlseq);
  return into.def;
}
