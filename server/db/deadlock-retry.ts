// Retries a transaction that MySQL/MariaDB chose as a deadlock victim (error 1213) or that timed
// out on a lock (1205); both are safe to run again from the start.

const RETRYABLE = new Set([1213, 1205]);

export async function withDeadlockRetry<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const errno = (error as { errno?: number }).errno;
      if (attempt >= attempts || errno === undefined || !RETRYABLE.has(errno)) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}
