// Delivers xAPI outbox events to the LRS (xAPI 1.0.3 Communication 2.1.2 POST /statements).
// The dispatcher hands over a round's runs (several deliveries of a registration each) all at once;
// the sender posts them together, in event order, up to `batchSize` statements per request, so a
// burst of commits costs a few requests rather than one each. A request the LRS refuses as malformed (400) or conflicting (409)
// is tried again one event per request, so one bad event does not hold back the others.
import type { XapiStatement } from './statements.ts';

export const XAPI_SINK = 'xapi';
export const XAPI_EVENT = 'xapi.statements';

export interface XapiEventPayload {
  statements: XapiStatement[];
}

/** The part of an outbox delivery the sender reads. */
export interface XapiDelivery {
  eventSeq: number;
  payload: unknown;
}

export type XapiSendResult = { ok: true; responseCode: number | null } | { ok: false; responseCode: number | null; error: string; retry?: boolean };

export interface XapiSenderOptions {
  endpoint: string;
  key: string | undefined;
  secret: string | undefined;
  batchSize: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface Pending {
  delivery: XapiDelivery;
  settle: (result: XapiSendResult) => void;
}

export function createXapiSender(options: XapiSenderOptions) {
  const doFetch = options.fetch ?? fetch;
  const url = `${options.endpoint}/statements`;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-experience-api-version': '1.0.3',
    ...(options.key !== undefined ? { authorization: `Basic ${Buffer.from(`${options.key}:${options.secret ?? ''}`).toString('base64')}` } : {}),
  };
  let queue: Pending[] = [];
  let scheduled = false;

  async function post(statements: XapiStatement[]): Promise<XapiSendResult> {
    try {
      const res = await doFetch(url, { method: 'POST', headers, body: JSON.stringify(statements), signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, responseCode: res.status };
      // 400 and 409 will not change by waiting (Communication 2.1.2); anything else may.
      return { ok: false, responseCode: res.status, error: `The LRS answered ${res.status}.`, retry: res.status !== 400 && res.status !== 409 };
    } catch (error) {
      return { ok: false, responseCode: null, error: `The LRS could not be reached: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /** One event's statements, in requests of at most batchSize. */
  async function postEvent(statements: XapiStatement[]): Promise<XapiSendResult> {
    let last: XapiSendResult = { ok: true, responseCode: null };
    for (let i = 0; i < statements.length; i += options.batchSize) {
      last = await post(statements.slice(i, i + options.batchSize));
      if (!last.ok) return last;
    }
    return last;
  }

  /**
   * Deliveries of several ordering keys, each key's run in order, posted together in event order,
   * up to batchSize statements per request. A run whose delivery is left to retry (the LRS down,
   * a 5xx) sends nothing more of it this round: its later deliveries come back undefined, not
   * sent, so a registration's statements reach the LRS in order (decision 0035).
   */
  async function sendRuns(runs: ReadonlyArray<readonly XapiDelivery[]>): Promise<Array<Array<XapiSendResult | undefined>>> {
    const results = runs.map((run) => run.map((): XapiSendResult | undefined => undefined));
    const held = new Set<number>();
    const members = runs
      .flatMap((run, r) => run.map((delivery, i) => ({ delivery, r, i })))
      .sort((a, b) => a.delivery.eventSeq - b.delivery.eventSeq);
    const record = (member: (typeof members)[number], result: XapiSendResult) => {
      results[member.r]![member.i] = result;
      if (!result.ok && result.retry !== false) held.add(member.r);
    };
    let group: typeof members = [];
    let size = 0;
    const sendGroup = async () => {
      const taken = group.filter((m) => !held.has(m.r));
      group = [];
      size = 0;
      if (taken.length === 0) return;
      const result = taken.length === 1 ? await postEvent(statementsOf(taken[0]!.delivery)) : await post(taken.flatMap((m) => statementsOf(m.delivery)));
      if (!result.ok && result.retry === false && taken.length > 1) {
        // One bad event must not hold back the others: each alone, in order.
        for (const member of taken) if (!held.has(member.r)) record(member, await postEvent(statementsOf(member.delivery)));
        return;
      }
      for (const member of taken) record(member, result);
    };
    for (const member of members) {
      const count = statementsOf(member.delivery).length;
      if (size + count > options.batchSize) await sendGroup();
      group.push(member);
      size += count;
    }
    await sendGroup();
    return results;
  }

  async function flush(): Promise<void> {
    scheduled = false;
    const taken = queue;
    queue = [];
    const results = await sendRuns(taken.map((pending) => [pending.delivery]));
    taken.forEach((pending, i) => pending.settle(results[i]![0]!));
  }

  return {
    sink: XAPI_SINK,
    sendRuns,
    /** One delivery; those handed over in one event-loop turn are posted together (sendRuns). */
    send(delivery: XapiDelivery): Promise<XapiSendResult> {
      return new Promise((settle) => {
        queue.push({ delivery, settle });
        if (!scheduled) {
          scheduled = true;
          // Every delivery handed over in this turn arrives before this runs.
          setImmediate(() => void flush());
        }
      });
    },
  };
}

function statementsOf(delivery: XapiDelivery): XapiStatement[] {
  return (delivery.payload as XapiEventPayload).statements;
}
