// SCORM 1.2 item extensions (CAM 1.2 2.3.5.1-2.3.5.5): adlcp:prerequisites, maxtimeallowed,
// timelimitaction, datafromlms, masteryscore.
import type { DiagnosticSink } from './diagnostics.ts';
import { attrOf, textOf } from './dom.ts';
import type { Item12, ItemBase } from './model.ts';
import { parsePrerequisites } from './prerequisites.ts';
import { parseDecimal } from './values.ts';
import type { XmlElement } from './xml.ts';

const NAMES = ['masteryscore', 'maxtimeallowed', 'timelimitaction', 'datafromlms', 'prerequisites'] as const;
type Name = (typeof NAMES)[number];
/** CAM 1.2 2.3.5.3 vocabulary, compared after collapsing spaces and case. */
const TIME_LIMIT_ACTIONS = ['exit,message', 'exit,no message', 'continue,message', 'continue,no message'];
/** CMITimespan (RTE 1.2 3.4.2.1): HHHH:MM:SS.SS, hours of 2 to 4 digits. */
const TIMESPAN = /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;

export function timeLimitAction(raw: string): string | undefined {
  const value = raw.trim().toLowerCase().replace(/\s*,\s*/g, ',').replace(/\s+/g, ' ');
  return TIME_LIMIT_ACTIONS.includes(value) ? value : undefined;
}

export function readItem12(sink: DiagnosticSink, el: XmlElement, base: ItemBase, path: string, children: Item12[]): Item12 {
  const found = new Map<Name, XmlElement>();
  for (const child of el.children) {
    if (child.kind !== 'adlcp') continue;
    const name = NAMES.find((n) => n === child.local.toLowerCase());
    if (!name || found.has(name)) continue;
    // 1.2 spells these in lower case; 2004 spellings (dataFromLMS) are read with a warning.
    if (child.local !== name) sink.warn('MISCASED_ELEMENT', `<${child.name}> is spelled "${name}" in SCORM 1.2; it is read anyway.`, `${path}/${child.local}`);
    found.set(name, child);
  }
  const text = (name: Name) => (found.has(name) ? textOf(found.get(name)) : '');
  const item: Item12 = { ...base, masteryscore: null, maxtimeallowed: null, timelimitaction: null, datafromlms: null, prerequisites: null, children };
  if (text('masteryscore') !== '') {
    item.masteryscore = parseDecimal(text('masteryscore'), 0, 100) ?? null;
    if (item.masteryscore === null) sink.warn('INVALID_VALUE', `adlcp:masteryscore "${text('masteryscore')}" is not a number from 0 to 100; it is ignored.`, `${path}/masteryscore`);
  }
  if (text('maxtimeallowed') !== '') {
    const value = text('maxtimeallowed');
    if (TIMESPAN.test(value)) item.maxtimeallowed = value;
    else sink.warn('INVALID_VALUE', `adlcp:maxtimeallowed "${value}" is not a time span HH:MM:SS; it is ignored.`, `${path}/maxtimeallowed`);
  }
  if (text('timelimitaction') !== '') {
    item.timelimitaction = timeLimitAction(text('timelimitaction')) ?? null;
    if (item.timelimitaction === null) sink.warn('INVALID_VALUE', `adlcp:timelimitaction "${text('timelimitaction')}" is not one of ${TIME_LIMIT_ACTIONS.join(' | ')}; it is ignored.`, `${path}/timelimitaction`);
  }
  // datafromlms is free text handed to the SCO as cmi.launch_data; kept as written.
  if (found.has('datafromlms')) item.datafromlms = found.get('datafromlms')!.text.trim();
  const prereq = found.get('prerequisites');
  if (prereq) {
    const type = attrOf(prereq, 'type')?.trim();
    if (type !== undefined && type !== 'aicc_script')
      sink.warn('INVALID_VALUE', `adlcp:prerequisites type "${type}" is not "aicc_script", the only type SCORM 1.2 defines; the script is read as AICC script.`, `${path}/prerequisites`);
    const parsed = parsePrerequisites(prereq.text);
    if (parsed.ok) item.prerequisites = parsed.value;
    else sink.warn('PREREQUISITES_INVALID', `The prerequisites "${prereq.text.trim()}" of item "${base.identifier}" are not a valid AICC script (${parsed.message}); the item is not restricted.`, `${path}/prerequisites`);
  }
  return item;
}
