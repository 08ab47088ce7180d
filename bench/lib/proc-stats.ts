// What the benches read of a process from /proc (Linux): CPU time, memory, open-files limit, and
// the MariaDB server's pid, to print a server's cost next to its throughput.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

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

/**
 * The pid of the MariaDB (or MySQL) server listening on `port` (the bench's database; another
 * instance on the machine, a helper's say, must not be counted): the listening socket's inode from
 * /proc/net/tcp, then the process holding it. Falls back to the first mariadbd found.
 */
export function mariadbPid(port = 3306): number | undefined {
  // BENCH_MARIADB_PID names it outright.
  if (process.env.BENCH_MARIADB_PID) return Number(process.env.BENCH_MARIADB_PID);
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        // local address "ADDR:PORT" in hex, state 0A = LISTEN, inode in field 10.
        if (f.length > 9 && f[3] === '0A' && parseInt(f[1]!.split(':')[1]!, 16) === port) inodes.add(f[9]!);
      }
    } catch {}
  }
  let first: number | undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm !== 'mariadbd' && comm !== 'mysqld') continue;
      first ??= Number(entry);
      for (const fd of readdirSync(`/proc/${entry}/fd`)) {
        const target = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`))?.[1];
        if (target && inodes.has(target)) return Number(entry);
      }
    } catch {}
  }
  return first;
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
