import fs from 'node:fs';

/** Readings from /proc and small statistics shared by the benchmarks. */

/** USER_HZ: /proc reports CPU time in 10 ms clock ticks. */
export const TICK_MS = 1000 / 100;

/** Whole machine: busy and total CPU time so far, in ms (all cores). */
export function machineCpu(): { busyMs: number; totalMs: number } {
  const fields = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal (guest is inside user)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busyMs: (total - idle) * TICK_MS, totalMs: total * TICK_MS };
}

/** `/proc/PID/stat` after the command name: [state, ppid, ...]; null once the process is gone. */
export function statOf(pid: number): string[] | null {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? null;
  } catch {
    return null;
  }
}

/**
 * User + system CPU time of a process so far, in ms; NaN once it is gone. With
 * `withExitedChildren`, also that of its children that have exited and were waited for
 * (Chromium's renderers of closed contexts count in the zygote's).
 */
export function cpuMsOf(pid: number, opts: { withExitedChildren?: boolean } = {}): number {
  const fields = statOf(pid);
  if (!fields) return NaN;
  const slots = opts.withExitedChildren ? [11, 12, 13, 14] : [11, 12];
  return slots.reduce((ms, i) => ms + Number(fields[i]) * TICK_MS, 0);
}

/** Resident set size of a process, in MiB. */
export function rssMiBOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** The p-th percentile of an ascending array (nearest rank). */
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
