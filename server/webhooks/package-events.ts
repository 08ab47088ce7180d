// package.deleted: enqueued by the package store in the transaction that deletes the package,
// with the package's summary as it was (its manifest tree may be huge and is gone anyway).
import { randomUUID } from 'node:crypto';
import type { OutboxStore } from '../db/outbox-store.ts';
import type { PackageDeletedSink } from '../db/sql-package-store.ts';

export function packageEventsTo(outbox: Pick<OutboxStore, 'enqueue'>, now: () => number = Date.now): PackageDeletedSink {
  return (conn, pkg) =>
    outbox.enqueue(conn, [{ id: randomUUID(), type: 'package.deleted', orderingKey: `package:${pkg.id}`, payload: { package: pkg }, createdAt: now() }]);
}
