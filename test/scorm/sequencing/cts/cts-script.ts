// An ADL CTS test script (*.properties) as the runner plays it: the launch instruction, then one
// block per expected delivery in order, each with the SCO's API calls, UI questions and the
// learner's next instruction. See README.md beside this file for the reading rules.
import { readJavaProperties } from './java-properties.ts';

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

const BLOCK_KEY = /^Act([0-9]+[a-z]?)V([0-9]+)\.(commands\.([0-9]+)|UIQ|UIA|CUI)$/;

export function readCtsScript(text: string): CtsScript {
  const header = new Map<string, string>();
  const blocks = new Map<string, { act: string; visit: number; commands: Array<[number, string]>; uiq: string; uia: string; cui: string | null }>();
  for (const [key, value] of readJavaProperties(text)) {
    const m = BLOCK_KEY.exec(key);
    if (!m) {
      if (!header.has(key)) header.set(key, value);
      continue;
    }
    const name = `Act${m[1]}V${m[2]}`;
    let b = blocks.get(name);
    if (!b) blocks.set(name, (b = { act: m[1]!, visit: Number(m[2]), commands: [], uiq: '', uia: '', cui: null }));
    if (m[4] !== undefined) b.commands.push([Number(m[4]), value]);
    else if (m[3] === 'UIQ') b.uiq = value;
    else if (m[3] === 'UIA') b.uia = value;
    else b.cui = value.trim();
  }
  return {
    title: header.get('title') ?? '',
    start: (header.get('start') ?? '.').trim(),
    blocks: [...blocks].map(([name, b]) => {
      const qs = b.uiq === '' ? [] : b.uiq.split('~');
      const as = b.uia === '' ? [] : b.uia.split('~');
      if (qs.length !== as.length) throw new Error(`${name}: ${qs.length} UI questions but ${as.length} answers`);
      return {
        name,
        act: b.act,
        visit: b.visit,
        commands: b.commands.sort((x, y) => x[0] - y[0]).map(([, c]) => c),
        questions: qs.map((question, i) => ({ question, answer: as[i] === 'Y' })),
        instruction: b.cui,
      };
    }),
  };
}
