// Delivers xAPI outbox events to the LRS (xAPI 1.0.3 Communication 2.1.2 POST /statements).
// The dispatcher hands over the deliveries it claimed all at once; the sender posts them together,
// in claim order, up to `batchSize` statements per request, so a burst of commits costs a few
// requests rather than one each. A request the LRS refuses as malformed (400) or conflicting (409)
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

  async function flush(): Promise<void> {
    scheduled = false;
    const taken = queue.sort((a, b) => a.delivery.eventSeq - b.delivery.eventSeq);
    queue = [];
    let group: Pending[] = [];
    let size = 0;
    const sendGroup = async () => {
      if (group.length === 0) return;
      const members = group;
      group = [];
      size = 0;
      const result = members.length === 1 ? await postEvent(statementsOf(members[0]!)) : await post(members.flatMap(statementsOf));
      if (!result.ok && result.retry === false && members.length > 1) {
        for (const member of members) member.settle(await postEvent(statementsOf(member)));
        return;
      }
      for (const member of members) member.settle(result);
    };
    for (const pending of taken) {
      const count = statementsOf(pending).length;
      if (size + count > options.batchSize) await sendGroup();
      group.push(pending);
      size += count;
    }
    await sendGroup();
  }

  return {
    sink: XAPI_SINK,
    send(delivery: XapiDelivery): Promise<XapiSendResult> {
      return new Promise((settle) => {
        queue.push({ delivery, settle });
        if (!scheduled) {
          scheduled = true;
          // Every delivery of the dispatcher's round arrives before this runs.
          setImmediate(() => void flush());
        }
      });
    },
  };
}

function statementsOf(pending: Pending): XapiStatement[] {
  return (pending.delivery.payload as XapiEventPayload).statements;
}
