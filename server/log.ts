// A tiny structured logger: one JSON line per event on stdout/stderr, quiet in tests.

export type LogFields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export function createLogger(write: (line: string, level: string) => void = defaultWrite): Logger {
  const emit = (level: string) => (message: string, fields: LogFields = {}) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }), level);
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

// Info lines of one event-loop turn go out in one write: stdout on a pipe is synchronous in
// Node, and a write per request was a tenth of the server's time under load
// (bench/runtime-commits.ts). Errors are written at once; what is pending is flushed on exit.
let pending = '';
let scheduled = false;
const flush = () => {
  scheduled = false;
  if (pending === '') return;
  const out = pending;
  pending = '';
  process.stdout.write(out);
};
process.once('exit', flush);

function defaultWrite(line: string, level: string): void {
  if (level === 'error') {
    flush();
    process.stderr.write(line + '\n');
    return;
  }
  pending += line + '\n';
  if (pending.length > 64 * 1024) flush();
  else if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

/** A logger that keeps lines in memory, for tests that assert on what was logged. */
export function createMemoryLogger(): Logger & { lines: LogFields[] } {
  const lines: LogFields[] = [];
  const logger = createLogger((line) => lines.push(JSON.parse(line) as LogFields));
  return Object.assign(logger, { lines });
}
