// The launch store in memory: the fake the runtime service is unit-tested with. It passes the
// same contract as the SQL store (test/db/launch-store-contract.ts).
import type { TracePart } from '../../contract/launches.ts';
import { mayReplace } from '../runtime/launch-exit.ts';
import { MAX_LAUNCH_ERRORS, MAX_LAUNCH_TRACE_CALLS, type LaunchEnd, type LaunchRecord, type LaunchStore } from './launch-store.ts';

export interface MemoryLaunchStore extends LaunchStore {
  /** A registration (with its package) the trace switches can be read and set on. */
  addRegistration(registrationId: string, packageId: string): void;
}

export function createMemoryLaunchStore(): MemoryLaunchStore {
  const launches = new Map<string, LaunchRecord>();
  const traces = new Map<string, Map<number, { part: TracePart; at: number }>>();
  const registrations = new Map<string, { packageId: string; trace: boolean }>();
  const packages = new Map<string, boolean>();
  const copy = (r: LaunchRecord): LaunchRecord => ({ ...r, errors: r.errors.map((e) => [...e] as [string, number]) });
  const mine = (id: string, registrationId: string) => {
    const r = launches.get(id);
    return r && r.registrationId === registrationId ? r : undefined;
  };

  function end(id: string, registrationId: string, e: LaunchEnd): void {
    const r = mine(id, registrationId);
    if (!r) return;
    if (e.counters) Object.assign(r, { commitCount: e.counters.commitCount, bytesReceived: e.counters.bytesReceived });
    if (!mayReplace(r.exitReason, e.reason)) return;
    Object.assign(r, { exitReason: e.reason, endedAt: e.at, ...(e.sessionTimeSeconds !== undefined ? { sessionTimeSeconds: e.sessionTimeSeconds } : {}) });
  }

  return {
    async open(launch, superseded) {
      if (superseded) end(superseded.id, launch.registrationId, superseded.end);
      launches.set(launch.id, {
        ...launch,
        userAgent: launch.userAgent.slice(0, 512),
        endedAt: null, exitReason: null, commitCount: 0, bytesReceived: 0, errorCount: 0, errors: [], sessionTimeSeconds: null, traceCalls: 0, traceTruncated: false,
      });
    },

    async end(id, registrationId, e) {
      end(id, registrationId, e);
    },

    async addErrors(id, registrationId, errors, more) {
      const r = mine(id, registrationId);
      if (!r) return;
      r.errors = [...r.errors, ...errors.map((e) => [...e] as [string, number])].slice(0, MAX_LAUNCH_ERRORS);
      r.errorCount += errors.length + more;
    },

    async addTracePart(id, registrationId, part, at) {
      const r = mine(id, registrationId);
      if (!r || !r.traced) return;
      let parts = traces.get(id);
      if (!parts) traces.set(id, (parts = new Map()));
      if (parts.has(part.n)) return;
      if (r.traceCalls + part.c.length > MAX_LAUNCH_TRACE_CALLS) {
        r.traceTruncated = true;
        return;
      }
      parts.set(part.n, { part: structuredClone(part), at });
      r.traceCalls += part.c.length;
      if (part.dropped) r.traceTruncated = true;
    },

    async countCommit(id, registrationId, bytes) {
      const r = mine(id, registrationId);
      if (!r) return;
      r.commitCount++;
      r.bytesReceived += bytes;
    },

    async get(id) {
      const r = launches.get(id);
      return r && copy(r);
    },

    async list(registrationId, limit, offset) {
      const all = [...launches.values()]
        .filter((r) => r.registrationId === registrationId)
        .sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      return { items: all.slice(offset, offset + limit).map(copy), total: all.length };
    },

    async traceParts(id) {
      return [...(traces.get(id)?.values() ?? [])].map((p) => structuredClone(p.part)).sort((a, b) => a.n - b.n);
    },

    async deleteTracesBefore(at) {
      let removed = 0;
      for (const parts of traces.values()) {
        for (const [n, p] of parts) {
          if (p.at < at) {
            parts.delete(n);
            removed++;
          }
        }
      }
      return removed;
    },

    async deleteForRegistration(registrationId) {
      for (const r of [...launches.values()]) {
        if (r.registrationId !== registrationId) continue;
        launches.delete(r.id);
        traces.delete(r.id);
      }
    },

    async traceSwitches(registrationId) {
      const r = registrations.get(registrationId);
      return r ? { registration: r.trace, package: packages.get(r.packageId) ?? false } : undefined;
    },

    async packageTrace(packageId) {
      return packages.get(packageId);
    },

    async setTrace(target, on) {
      if ('registrationId' in target) {
        const r = registrations.get(target.registrationId);
        if (!r) return false;
        r.trace = on;
        return true;
      }
      if (!packages.has(target.packageId)) return false;
      packages.set(target.packageId, on);
      return true;
    },

    addRegistration(registrationId, packageId) {
      registrations.set(registrationId, { packageId, trace: false });
      if (!packages.has(packageId)) packages.set(packageId, false);
    },
  };
}
