// An ADL CTS test script (*.properties) as the runner plays it: the launch instruction, then one
// block per expected delivery in order, each with the SCO's API calls, UI questions and the
// learner's next instruction. See README.md beside this file for the reading rules.
import { decodeUnicodeEscapes, readScriptLines } from './script-lines.ts';

export interface CtsBlock {
  /** `Act3V1`: activity `3` (the item's `act=` launch parameter), first visit. */
  readonly name: string;
  readonly act: string;
  readonly visit: number;
  readonly commands: readonly string[];
  /** UI inspection questions (`previous.disabled`, `toc.enabled.selectable@Activity 4`...) and Y/N answers. */
  readonly questions: ReadonlyArray<{ question: string; answer: boolean }>;
  /** The learner's instruction once the SCO has terminated (`Continue`, `Choice~Activity 3`, `Exit`...). */
  readonly instruction: string | null;
}

export interface CtsScript {
  readonly title: string;
  /** `.` to start the course, or the title of what the learner launches first. */
  readonly start: string;
  readonly blocks: readonly CtsBlock[];
}

const HEADER_KEYS = new Set(['title', 'UserInterAct', 'start', 'purpose', 'RTDInit', 'seqInfo', 'TT', 'end']);

interface RawBlock {
  name: string;
  commands: string[];
  uiq: string;
  uia: string;
  cui: string | null;
}

export function readCtsScript(text: string): CtsScript {
  const header = new Map<string, string>();
  const blocks: RawBlock[] = [];
  for (const [key, value] of readScriptLines(text)) {
    if (HEADER_KEYS.has(key)) header.set(key, value);
    if (HEADER_KEYS.has(key) || !key.includes('Act')) continue;
    // A block is a run of lines with the same `ActXVn` prefix (the same visit may not come back).
    const name = key.slice(0, key.indexOf('.'));
    let b = blocks[blocks.length - 1];
    if (b?.name !== name) blocks.push((b = { name, commands: [], uiq: '', uia: '', cui: null }));
    if (key.includes('UIQ')) b.uiq = value;
    else if (key.includes('UIA')) b.uia = value;
    else if (key.includes('CUI')) b.cui = value.trim();
    else if (key.includes('commands')) b.commands.push(decodeUnicodeEscapes(value));
  }
  return {
    title: header.get('title') ?? '',
    start: (header.get('start') ?? '.').trim(),
    blocks: blocks.map((b) => {
      const name = b.name;
      const qs = b.uiq === '' ? [] : b.uiq.split('~');
      const as = b.uia === '' ? [] : b.uia.split('~');
      if (qs.length !== as.length) throw new Error(`${name}: ${qs.length} UI questions but ${as.length} answers`);
      return {
        name,
        act: name.slice(3, name.indexOf('V')),
        visit: Number(name.slice(name.indexOf('V') + 1)),
        commands: b.commands,
        questions: qs.map((question, i) => ({ question, answer: as[i] === 'Y' })),
        instruction: b.cui,
      };
    }),
  };
}
