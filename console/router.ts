// The console's hash routes (so the server serves one page): parsed into a name and parameters.
// Pure.
import type { DeliveryStatus } from '../contract/deliveries.ts';

export type Route =
  | { name: 'upload' }
  | { name: 'packages'; q: string; offset: number }
  | { name: 'package'; id: string }
  | { name: 'learners'; id: string; offset: number }
  | { name: 'report'; id: string }
  | { name: 'registration'; id: string }
  | { name: 'webhooks' }
  | { name: 'webhook'; id: string }
  | { name: 'xapi'; status: DeliveryStatus | undefined; offset: number }
  | { name: 'not-found'; path: string };

const XAPI_STATES: readonly string[] = ['pending', 'succeeded', 'failed'];

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [path = '', search = ''] = raw.split('?', 2);
  const query = new URLSearchParams(search);
  const offset = Math.max(0, Number.parseInt(query.get('offset') ?? '0', 10) || 0);
  const parts = path.split('/').filter(Boolean).map(decode);
  if (parts.some((p) => p === null)) return { name: 'not-found', path };
  const [first, id, sub, ...rest] = parts as string[];
  if (rest.length) return { name: 'not-found', path };
  if (!first || (first === 'upload' && !id)) return { name: 'upload' };
  if (first === 'packages' && !id) return { name: 'packages', q: query.get('q') ?? '', offset };
  if (first === 'packages' && id && !sub) return { name: 'package', id };
  if (first === 'packages' && id && sub === 'learners') return { name: 'learners', id, offset };
  if (first === 'packages' && id && sub === 'report') return { name: 'report', id };
  if (first === 'registrations' && id && !sub) return { name: 'registration', id };
  if (first === 'webhooks' && !id) return { name: 'webhooks' };
  if (first === 'webhooks' && id && !sub) return { name: 'webhook', id };
  if (first === 'xapi' && !id) {
    const status = query.get('status') ?? '';
    return { name: 'xapi', status: XAPI_STATES.includes(status) ? (status as DeliveryStatus) : undefined, offset };
  }
  return { name: 'not-found', path };
}

export const href = {
  upload: () => '#/upload',
  packages: (q = '', offset = 0) => {
    const query = new URLSearchParams();
    if (q) query.set('q', q);
    if (offset) query.set('offset', String(offset));
    const search = query.toString();
    return `#/packages${search ? `?${search}` : ''}`;
  },
  package: (id: string) => `#/packages/${encodeURIComponent(id)}`,
  learners: (id: string, offset = 0) => `#/packages/${encodeURIComponent(id)}/learners${offset ? `?offset=${offset}` : ''}`,
  report: (id: string) => `#/packages/${encodeURIComponent(id)}/report`,
  registration: (id: string) => `#/registrations/${encodeURIComponent(id)}`,
  webhooks: () => '#/webhooks',
  webhook: (id: string) => `#/webhooks/${encodeURIComponent(id)}`,
  xapi: (status?: DeliveryStatus, offset = 0) => {
    const query = new URLSearchParams();
    if (status) query.set('status', status);
    if (offset) query.set('offset', String(offset));
    const search = query.toString();
    return `#/xapi${search ? `?${search}` : ''}`;
  },
};
