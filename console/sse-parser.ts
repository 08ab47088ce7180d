// An incremental text/event-stream parser (WHATWG HTML "Server-sent events", 9.2.6): feed it
// chunks as they arrive, get back the data of each complete event. Pure.

export class SseParser {
  private buffer = '';
  private data: string[] = [];

  /** Returns the data of every event completed by this chunk. */
  push(chunk: string): string[] {
    this.buffer += chunk;
    const events: string[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      // A lone "\r" at the end may be the first half of "\r\n": wait for more.
      if (!match || (match[0] === '\r' && match.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      if (line === '') {
        if (this.data.length) events.push(this.data.join('\n'));
        this.data = [];
      } else if (line.startsWith('data:')) {
        this.data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      } else if (line === 'data') {
        this.data.push('');
      }
      // comments (":...") and other fields (event, id, retry) are not used by the job stream
    }
    return events;
  }
}
