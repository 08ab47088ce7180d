// Reads a CTS script's lines as the suite's LMSTestCaseGenerator does (it does not use
// java.util.Properties): a line ending in `\` is joined with the next one as it stands, lines
// holding `####` are separators, `key=value` splits at the first `=`, and only command values
// get their `\uXXXX` escapes decoded. Entries in file order, duplicates kept.

export function readScriptLines(text: string): Array<[string, string]> {
  const lines = text.split(/\r\n|\r|\n/);
  const entries: Array<[string, string]> = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!;
    if (line === '' || line.includes('####')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`a script line without "=": ${line.slice(0, 60)}`);
    entries.push([line.slice(0, eq), line.slice(eq + 1)]);
  }
  return entries;
}

/** `\uXXXX` to its character; any other backslash stays as written (doUnicode). */
export function decodeUnicodeEscapes(value: string): string {
  return value.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
