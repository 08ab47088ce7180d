// Reads a Java .properties file as java.util.Properties does (the ADL CTS scripts are read by
// the suite's Java driver): `\` line continuations, `\uXXXX` and `\t` style escapes, `#`/`!`
// comments, the key ending at the first unescaped `=`, `:` or white space. Entries in file order.

function logicalLines(text: string): string[] {
  const out: string[] = [];
  let pending: string | null = null;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line: string = pending === null ? raw.replace(/^[ \t\f]+/, '') : raw.replace(/^[ \t\f]+/, '');
    if (pending === null && (line === '' || line.startsWith('#') || line.startsWith('!'))) continue;
    const trailing = /\\+$/.exec(line)?.[0].length ?? 0;
    const joined: string = (pending ?? '') + (trailing % 2 === 1 ? line.slice(0, -1) : line);
    if (trailing % 2 === 1) pending = joined;
    else {
      out.push(joined);
      pending = null;
    }
  }
  if (pending !== null) out.push(pending);
  return out;
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[e] ?? e;
  });
}

export function readJavaProperties(text: string): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const line of logicalLines(text)) {
    let i = 0;
    while (i < line.length && !'=: \t\f'.includes(line[i]!)) i += line[i] === '\\' ? 2 : 1;
    const key = unescape(line.slice(0, i));
    let j = i;
    while (j < line.length && ' \t\f'.includes(line[j]!)) j++;
    if (j < line.length && '=:'.includes(line[j]!)) j++;
    while (j < line.length && ' \t\f'.includes(line[j]!)) j++;
    entries.push([key, unescape(line.slice(j))]);
  }
  return entries;
}
