// What the benches read of a process from /proc (Linux): CPU time, memory, open-files limit, and
// the MariaDB server's pid, to print a server's cost next to its throughput.
import { readFileSync, readdirSync } from 'node:fs';

/** utime + stime of a process, in seconds (/proc/<pid>/stat fields 14 and 15, at 100 ticks/s). */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** A kB field of /proc/<pid>/status (VmRSS, VmHWM), in MB. */
export function memoryMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field + ':'));
    return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

export function openFilesLimit(pid: number | undefined): string {
  try {
    return /Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1] ?? '?';
  } catch {
    return '?';
  }
}

export function mariadbPid(): number | undefined {
  // BENCH_MARIADB_PID: the MariaDB a bench's BENCH_DATABASE_URL points at, when this machine runs several.
  if (process.env.BENCH_MARIADB_PID) return Number(process.env.BENCH_MARIADB_PID);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'mariadbd' || comm === 'mysqld') return Number(entry);
    } catch {}
  }
  return undefined;
}

/** Busy CPU seconds of the whole machine so far, all cores (/proc/stat: everything but idle and iowait). */
export function machineBusySeconds(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return NaN;
  }
}
