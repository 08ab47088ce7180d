// The two origins the product answers on: the admin origin (console, /api/v1, /ws) and the
// delivery origin (player, runtime, package content), optionally one delivery origin per package.
// Pure: built once the listen ports are known (they may be ephemeral).

export interface Origins {
  /** The admin origin, e.g. http://127.0.0.1:3000 (no trailing slash). */
  admin: string;
  /** The delivery origin that serves this package (the same for every package unless per-package). */
  deliveryFor(packageId: string): string;
  /** True when SCORM_DELIVERY_URL holds {package}: each package has an origin of its own. */
  perPackage: boolean;
  /** A CSP source that matches every delivery origin (for the console's frame-src). */
  deliverySource: string;
  /** The origin shown at start-up: the delivery origin itself or its template. */
  deliveryShown: string;
}

export interface OriginInput {
  host: string;
  publicUrl: string | undefined;
  deliveryUrl: string | undefined;
}

/**
 * A server bound to every IPv4 address is reached at 127.0.0.1 (localhost may resolve to ::1
 * first, where nothing listens); the IPv6 wildcard answers both, so localhost is fine there.
 */
export function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return 'localhost';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function resolveOrigins(input: OriginInput, ports: { admin: number; delivery: number }): Origins {
  const host = reachableHost(input.host);
  const admin = input.publicUrl ?? `http://${host}:${ports.admin}`;
  const template = input.deliveryUrl ?? `http://${host}:${ports.delivery}`;
  const perPackage = template.includes('{package}');
  return {
    admin,
    perPackage,
    // Package ids are lower-case UUIDs made by the server: each one is a valid DNS label.
    deliveryFor: (packageId) => (perPackage ? template.replace('{package}', packageId.toLowerCase()) : template),
    deliverySource: perPackage ? template.replace('{package}', '*') : template,
    deliveryShown: template,
  };
}

/** The host (name:port as the browser sends it in Host) of an origin URL. */
export function hostOf(origin: string): string {
  return new URL(origin).host;
}
