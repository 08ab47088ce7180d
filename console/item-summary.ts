// What the detail page says of an item: its SCORM 1.2 or 2004 properties and a plain summary of
// its sequencing definition (SN book section 3), leaving out what is at its default. Pure.
import type { SequencingDefinition, SequencingRule, RuleCondition } from '../scorm/sequencing/definition.ts';

type Dict = Record<string, unknown>;

type Prerequisite =
  | { type: 'item'; identifier: string }
  | { type: 'status'; identifier: string; status: string; negated: boolean }
  | { type: 'not'; operand: Prerequisite }
  | { type: 'and' | 'or'; operands: Prerequisite[] }
  | { type: 'atLeast'; count: number; operands: Prerequisite[] };

/** The parsed CAM 1.2 prerequisites expression (aicc_script) written back in words. */
export function prerequisiteText(p: Prerequisite): string {
  switch (p.type) {
    case 'item':
      return p.identifier;
    case 'status':
      return `${p.identifier} ${p.negated ? 'is not' : 'is'} ${p.status}`;
    case 'not':
      return `not ${prerequisiteText(p.operand)}`;
    case 'and':
    case 'or':
      return `(${p.operands.map(prerequisiteText).join(` ${p.type} `)})`;
    case 'atLeast':
      return `at least ${p.count} of {${p.operands.map(prerequisiteText).join(', ')}}`;
  }
}

const show = (value: unknown): string | null => (value === null || value === undefined || value === '' ? null : String(value));

/** CAM 1.2 adlcp item extensions, or the 2004 item data, as label/value pairs (absent ones left out). */
export function itemProperties(manifestItem: object, version: '1.2' | '2004'): Array<[string, string]> {
  // Either version's item, read by field name: the rows below list what each version has.
  const item = manifestItem as Dict;
  const rows: Array<[string, string | null]> = [];
  if (version === '1.2') {
    rows.push(['Mastery score', show(item.masteryscore)]);
    rows.push(['Max time allowed', show(item.maxtimeallowed)]);
    rows.push(['Time limit action', show(item.timelimitaction)]);
    rows.push(['Data from LMS', show(item.datafromlms)]);
    const prerequisites = item.prerequisites as Prerequisite | null | undefined;
    rows.push(['Prerequisites', prerequisites ? prerequisiteText(prerequisites) : null]);
  } else {
    const threshold = item.completionThreshold as { completedByMeasure: boolean; minProgressMeasure: number; progressWeight: number } | null | undefined;
    if (threshold) {
      rows.push(['Completion threshold', `${threshold.completedByMeasure ? 'completed by measure' : 'set by content'}, min progress ${threshold.minProgressMeasure}, weight ${threshold.progressWeight}`]);
    }
    rows.push(['Data from LMS', show(item.dataFromLMS)]);
    rows.push(['Time limit action', show(item.timeLimitAction)]);
    const presentation = item.presentation as { hideLMSUI?: string[] } | null | undefined;
    if (presentation?.hideLMSUI?.length) rows.push(['Hidden player controls', presentation.hideLMSUI.join(', ')]);
    const data = item.data as Array<{ targetID: string }> | undefined;
    if (data?.length) rows.push(['Shared data', data.map((d) => d.targetID).join(', ')]);
  }
  if (item.visible === false) rows.push(['Visible in the table of contents', 'no']);
  rows.push(['Parameters', show(item.parameters)]);
  return rows.filter((r): r is [string, string] => r[1] !== null);
}

function condition(c: RuleCondition): string {
  const name = c.condition.replace(/([A-Z])/g, ' $1').toLowerCase();
  const measure = c.condition.startsWith('objectiveMeasure') ? ` ${c.measureThreshold}` : '';
  const objective = c.referencedObjective ? ` (${c.referencedObjective})` : '';
  return `${c.operator === 'not' ? 'not ' : ''}${name}${measure}${objective}`;
}

function rule(r: SequencingRule<string>): string {
  const joiner = r.conditionCombination === 'all' ? ' and ' : ' or ';
  return `${r.action} if ${r.conditions.map(condition).join(joiner)}`;
}

/** One line per aspect of the definition that differs from the SN defaults (plus control modes). */
export function sequencingSummary(def: SequencingDefinition | undefined): string[] {
  if (!def) return [];
  const lines: string[] = [];
  const cm = def.controlMode;
  const modes = [cm.choice && 'choice', cm.choiceExit && 'choice exit', cm.flow && 'flow', cm.forwardOnly && 'forward only'].filter(Boolean);
  lines.push(`Control modes: ${modes.length ? modes.join(', ') : 'none'}`);
  if (!cm.useCurrentAttemptObjectiveInfo || !cm.useCurrentAttemptProgressInfo) lines.push('Uses objective/progress information of earlier attempts');
  const ccc = def.constrainedChoiceConsiderations;
  if (ccc.preventActivation || ccc.constrainChoice) lines.push(`Constrained choice: ${[ccc.preventActivation && 'prevent activation', ccc.constrainChoice && 'constrain choice'].filter(Boolean).join(', ')}`);
  const rules = def.sequencingRules;
  for (const [label, list] of [['Pre-condition', rules.preConditionRules], ['Exit', rules.exitConditionRules], ['Post-condition', rules.postConditionRules]] as const) {
    if (list.length) lines.push(`${label} rules: ${(list as SequencingRule<string>[]).map(rule).join('; ')}`);
  }
  const limits = def.limitConditions;
  if (limits.attemptLimit) lines.push(`Attempt limit: ${limits.attemptLimit}`);
  if (limits.attemptAbsoluteDurationLimit) lines.push(`Attempt duration limit: ${limits.attemptAbsoluteDurationLimit}`);
  const r = def.rollup;
  if (!r.rollupObjectiveSatisfied || !r.rollupProgressCompletion || r.objectiveMeasureWeight !== 1) {
    lines.push(`Rollup: ${r.rollupObjectiveSatisfied ? 'counts' : 'does not count'} for satisfaction, ${r.rollupProgressCompletion ? 'counts' : 'does not count'} for completion, measure weight ${r.objectiveMeasureWeight}`);
  }
  for (const rr of r.rules) {
    const set = rr.childActivitySet === 'atLeastCount' ? `at least ${rr.minimumCount}` : rr.childActivitySet === 'atLeastPercent' ? `at least ${Math.round(rr.minimumPercent * 100)} %` : rr.childActivitySet;
    lines.push(`Rollup rule: ${rr.action} if ${set} children ${rr.conditions.map((c) => `${c.operator === 'not' ? 'not ' : ''}${c.condition}`).join(rr.conditionCombination === 'all' ? ' and ' : ' or ')}`);
  }
  const rc = def.rollupConsiderations;
  const considerations = (['requiredForSatisfied', 'requiredForNotSatisfied', 'requiredForCompleted', 'requiredForIncomplete'] as const).filter((k) => rc[k] !== 'always');
  if (considerations.length) lines.push(`Rollup considerations: ${considerations.map((k) => `${k.replace('requiredFor', '').toLowerCase()} ${rc[k]}`).join(', ')}`);
  if (def.objectives.length) {
    lines.push(
      `Objectives: ${def.objectives
        .map((o) => {
          const name = `${o.objectiveID ?? '(unnamed)'}${o.primary ? ' (primary)' : ''}`;
          const measure = o.satisfiedByMeasure ? `, satisfied at ${o.minNormalizedMeasure}` : '';
          const maps = o.mapInfo.length ? `, shared as ${o.mapInfo.map((m) => m.targetObjectiveID).join(', ')}` : '';
          return name + measure + maps;
        })
        .join('; ')}`,
    );
  }
  const rnd = def.randomization;
  if (rnd.selectCount !== undefined && rnd.selectionTiming !== 'never') lines.push(`Selection: ${rnd.selectCount} children, ${rnd.selectionTiming}`);
  if (rnd.reorderChildren && rnd.randomizationTiming !== 'never') lines.push(`Randomized order, ${rnd.randomizationTiming}`);
  const d = def.delivery;
  if (!d.tracked) lines.push('Not tracked');
  if (d.completionSetByContent || d.objectiveSetByContent) lines.push(`Set by content: ${[d.completionSetByContent && 'completion', d.objectiveSetByContent && 'objective'].filter(Boolean).join(', ')}`);
  return lines;
}
