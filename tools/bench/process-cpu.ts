/**
 * CPU time per process, read from /proc, for the benchmarks' "CPU ms per request" columns: the server under test
 * (with its child processes, such as the app's background jobs), PostgreSQL, and the load generator itself.
 */
import { readdirSync, readFileSync } from "node:fs";

interface ProcessStat {
  pid: number;
  parent: number;
  command: string;
  /** User + system CPU time so far, in clock ticks. */
  cpuTicks: number;
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK); /proc reports CPU time in these ticks. */
const CLOCK_TICK_MS = 10;

/** /proc/<pid>/stat, or null once the process has gone (or on a system without /proc). */
function readProcessStat(pid: number): ProcessStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (command) state ppid …": the command may hold spaces, hence the last ")". utime and stime are fields 14, 15.
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    return { pid, parent: Number(fields[1]), command: stat.slice(stat.indexOf("(") + 1, close), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function listProcesses(): ProcessStat[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readProcessStat(Number(entry)))
    .filter((stat): stat is ProcessStat => stat !== null);
}

/** CPU milliseconds used so far by these processes; a process that has gone counts as 0 (a floor, never invented). */
export function readCpuMilliseconds(pids: number[]): number {
  return pids.reduce((ticks, pid) => ticks + (readProcessStat(pid)?.cpuTicks ?? 0), 0) * CLOCK_TICK_MS;
}

/** `pid` and every process below it (the app's background jobs run in a child process). */
export function listProcessTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const { pid: child, parent } of listProcesses()) children.set(parent, [...(children.get(parent) ?? []), child]);
  const tree = [pid];
  for (let index = 0; index < tree.length; index += 1) tree.push(...(children.get(tree[index]!) ?? []));
  return tree;
}

/** The PostgreSQL server processes (postmaster and backends). */
export function listPostgresPids(): number[] {
  return listProcesses()
    .filter((process) => process.command === "postgres")
    .map((process) => process.pid);
}
