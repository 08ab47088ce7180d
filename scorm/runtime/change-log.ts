// What the SCO set since the last acknowledged commit, in an order the server can replay with the
// same rules (apply-values.ts): values that other values depend on keep their call order.
import type { Change } from '../cmi/apply-values.ts';

export class ChangeLog {
  private entries: [string, string][] = [];
  /** Position of each compactable element in `entries`. */
  private readonly positions = new Map<string, number>();

  /**
   * Records a successful SetValue. An element nothing depends on (location, suspend_data, a
   * score...) keeps one entry, updated in place: its first position already came after whatever it
   * needed. An `ordered` element (ids, interaction types, responses) is appended, so a replay
   * meets a type change before the responses written under the new type.
   */
  record(element: string, value: string, ordered: boolean): void {
    const entries = this.entries;
    if (!ordered) {
      const at = this.positions.get(element);
      if (at !== undefined) {
        entries[at]![1] = value;
        return;
      }
      this.positions.set(element, entries.length);
    } else {
      const last = entries[entries.length - 1];
      if (last !== undefined && last[0] === element) {
        last[1] = value;
        return;
      }
    }
    entries.push([element, value]);
  }

  get size(): number {
    return this.entries.length;
  }

  /** A copy of the pending changes. */
  pending(): Change[] {
    return this.entries.map(([e, v]) => [e, v] as const);
  }

  /** Forgets the first `n` entries once a commit that carried them was acknowledged. */
  acknowledge(n: number): void {
    this.entries = this.entries.slice(n);
    this.positions.clear();
    this.entries.forEach(([e], i) => this.positions.set(e, i));
  }
}
