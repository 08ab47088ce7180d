// SCORM 2004 item extensions (CAM 4th Ed. 3.4.1.x adlcp and adlnav elements): completion
// threshold, data from LMS, time limit action, presentation, shared data maps, sequencing.
import { attrOf, childOf, childrenOf, textOf } from './dom.ts';
import type { DiagnosticSink } from './diagnostics.ts';
import { timeLimitAction } from './items-12.ts';
import type { CompletionThreshold, HideLmsUi, Item2004, ItemBase, SharedDataMap } from './model.ts';
import { resolveSequencing, type SequencingContext } from './sequencing.ts';
import { parseDecimal, readBoolean, readDecimal, readString } from './values.ts';
import type { XmlElement } from './xml.ts';

const HIDE_LMS_UI: readonly HideLmsUi[] = ['previous', 'continue', 'exit', 'exitAll', 'abandon', 'abandonAll', 'suspendAll'];

function adlcpChild(sink: DiagnosticSink, el: XmlElement, local: string, path: string): XmlElement | undefined {
  const exact = childOf(el, 'adlcp', local);
  if (exact) return exact;
  const other = el.children.find((c) => c.kind === 'adlcp' && c.local.toLowerCase() === local.toLowerCase());
  if (other) sink.warn('MISCASED_ELEMENT', `<${other.name}> is spelled "${local}" in SCORM 2004; it is read anyway.`, `${path}/${other.local}`);
  return other;
}

function readCompletionThreshold(seq: SequencingContext, el: XmlElement, path: string): CompletionThreshold {
  const ctx = { sink: seq.sink, path: `${path}/completionThreshold` };
  const text = textOf(el);
  const fromText = text === '' ? undefined : parseDecimal(text, 0, 1);
  if (text !== '' && fromText === undefined) seq.sink.warn('INVALID_VALUE', `adlcp:completionThreshold "${text}" is not a number from 0 to 1; it is ignored.`, ctx.path);
  const hasAttrs = ['completedByMeasure', 'minProgressMeasure', 'progressWeight'].some((a) => attrOf(el, a) !== undefined);
  // 3rd Edition wrote the threshold as the element's value, which meant "completed by measure".
  if (!hasAttrs) return { completedByMeasure: fromText !== undefined, minProgressMeasure: fromText ?? 1, progressWeight: 1 };
  seq.fourthEdition('adlcp:completionThreshold attributes', ctx.path);
  return {
    completedByMeasure: readBoolean(ctx, el, 'completedByMeasure', false),
    minProgressMeasure: readDecimal(ctx, el, 'minProgressMeasure', fromText ?? 1, 0, 1),
    progressWeight: readDecimal(ctx, el, 'progressWeight', 1, 0, 1),
  };
}

function readPresentation(sink: DiagnosticSink, el: XmlElement, path: string): { hideLMSUI: HideLmsUi[] } {
  const hide: HideLmsUi[] = [];
  for (const nav of childrenOf(el, 'adlnav', 'navigationInterface'))
    for (const h of childrenOf(nav, 'adlnav', 'hideLMSUI')) {
      const value = textOf(h) as HideLmsUi;
      if (!HIDE_LMS_UI.includes(value)) sink.warn('INVALID_VALUE', `adlnav:hideLMSUI "${textOf(h)}" is not one of ${HIDE_LMS_UI.join(', ')}; it is ignored.`, `${path}/presentation`);
      else if (!hide.includes(value)) hide.push(value);
    }
  return { hideLMSUI: hide };
}

function readData(seq: SequencingContext, el: XmlElement, path: string): SharedDataMap[] {
  seq.fourthEdition('adlcp:data', `${path}/data`);
  return childrenOf(el, 'adlcp', 'map').flatMap((m) => {
    const ctx = { sink: seq.sink, path: `${path}/data/map` };
    const targetID = readString(m, 'targetID');
    if (!targetID) {
      seq.sink.warn('INVALID_VALUE', 'An adlcp:map has no targetID; it is ignored.', ctx.path);
      return [];
    }
    // Relaxation: adlcp_v1p3.xsd gives writeSharedData the default "false", the CAM book (4th Ed.
    // 3.4.1.18 <map>) and the ADL conformance suite "true" (CTS DDM 1aV1 writes a store whose map
    // names no attribute); the behaviour the suite tests wins.
    return [{ targetID, readSharedData: readBoolean(ctx, m, 'readSharedData', true), writeSharedData: readBoolean(ctx, m, 'writeSharedData', true) }];
  });
}

export function readItem2004(seq: SequencingContext, el: XmlElement, base: ItemBase, path: string, children: Item2004[]): Item2004 {
  const { sink } = seq;
  if (children.length > 0 && base.resource)
    sink.warn('PARENT_ITEM_WITH_RESOURCE', `Item "${base.identifier}" has child items and also references resource "${base.resource.identifier}"; SCORM 2004 only launches leaf activities, so that resource is never shown.`, path);
  const threshold = adlcpChild(sink, el, 'completionThreshold', path);
  const dataFromLMS = adlcpChild(sink, el, 'dataFromLMS', path);
  const tla = adlcpChild(sink, el, 'timeLimitAction', path);
  let timeLimit: string | null = null;
  if (tla && textOf(tla) !== '') {
    timeLimit = timeLimitAction(textOf(tla)) ?? null;
    if (timeLimit === null) sink.warn('INVALID_VALUE', `adlcp:timeLimitAction "${textOf(tla)}" is not exit,message / exit,no message / continue,message / continue,no message; it is ignored.`, `${path}/timeLimitAction`);
  }
  const presentation = childOf(el, 'adlnav', 'presentation');
  const data = childOf(el, 'adlcp', 'data');
  return {
    ...base,
    completionThreshold: threshold ? readCompletionThreshold(seq, threshold, path) : null,
    dataFromLMS: dataFromLMS ? dataFromLMS.text.trim() : null,
    timeLimitAction: timeLimit,
    presentation: presentation ? readPresentation(sink, presentation, path) : null,
    data: data ? readData(seq, data, path) : [],
    sequencing: resolveSequencing(seq, childOf(el, 'imsss', 'sequencing'), path),
    children,
  };
}
