// The admin token: read from "Authorization: Bearer", compared in constant time (admin-gate.ts
// applies it).
import { safeEqual } from '../../core/signed-token.ts';

export function bearerToken(header: string): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function isAdminToken(adminToken: string, candidate: string | undefined): boolean {
  return candidate !== undefined && safeEqual(candidate, adminToken);
}
