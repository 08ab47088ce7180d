// Reads of things that never change once written (a package version's content, its SCOs), kept
// per process: each key is read once, at most `limit` keys are kept (the oldest goes first), and
// a failed read, or one `keep` refuses, is not remembered.
export function readOnceCache<T>(limit: number, read: (key: string) => Promise<T>, keep: (value: T) => boolean = () => true): (key: string) => Promise<T> {
  const kept = new Map<string, Promise<T>>();
  return (key) => {
    let value = kept.get(key);
    if (!value) {
      if (kept.size >= limit) kept.delete(kept.keys().next().value!);
      value = read(key);
      kept.set(key, value);
      value.then((found) => keep(found) || kept.delete(key), () => kept.delete(key));
    }
    return value;
  };
}
