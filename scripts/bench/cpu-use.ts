/**
 * Where a benchmark run's CPU goes (issue 20: why one organization's ingest stops where it does): CPU time of
 * Tandem's process and of the rest of the machine (PostgreSQL, the load client when it runs apart), read from Linux's
 * /proc before and after the run. A run is CPU-bound when the two together keep every core busy; the ceiling at
 * that cost is then cores × 1,000 / (CPU ms per message), whatever the concurrency.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

/** Linux clock ticks per second of /proc's figures (`getconf CLK_TCK`: 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

/** Busy CPU time of the whole machine since boot, ms (user + nice + system + irq + softirq + steal, every core). */
function machineBusyMs(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
  return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / TICKS_PER_SECOND;
}

/** CPU time (user + system) of process `pid` since it started, ms; this process's own when `pid` is omitted. */
export function processCpuMs(pid?: number): number {
  if (pid === undefined) {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
  // fields 14 and 15 (utime, stime) follow the command name, which is in parentheses and may contain spaces
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

export type CpuUse = { tandemMsPerMessage: number; restMsPerMessage: number; cores: number; busyShare: number; ceilingMsgS: number };

/**
 * Measures `work`'s CPU use per message.
 * @param messages how many messages `work` sends (the divisor)
 * @param tandemPid Tandem's process (`next start`); this process when omitted (the in-process handler, with its client)
 * @returns `work`'s result and: CPU ms per message in Tandem's process and in the rest of the machine, the cores,
 *   the share of all cores' time that was busy (0..1) and the msg/s at which that CPU cost would keep every core busy
 * @throws whatever `work` throws; on a system without /proc (not Linux), the read error
 */
export async function measureCpuUse<T>(messages: number, work: () => Promise<T>, tandemPid?: number): Promise<{ result: T; cpu: CpuUse }> {
  const machine0 = machineBusyMs();
  const tandem0 = processCpuMs(tandemPid);
  const t0 = performance.now();
  const result = await work();
  const wallMs = performance.now() - t0;
  const machine = machineBusyMs() - machine0;
  const tandem = processCpuMs(tandemPid) - tandem0;
  const cores = availableParallelism();
  const perMessage = machine / messages;
  return {
    result,
    cpu: {
      tandemMsPerMessage: tandem / messages,
      restMsPerMessage: Math.max(0, machine - tandem) / messages,
      cores,
      busyShare: Math.min(1, machine / (wallMs * cores)),
      ceilingMsgS: perMessage > 0 ? (cores * 1000) / perMessage : Infinity,
    },
  };
}

/**
 * One line: CPU per message and the ceiling it implies.
 * @param restLabel what `restMsPerMessage` holds (default: PostgreSQL, and the load client unless `tandemLabel` names it)
 */
export function describeCpuUse(cpu: CpuUse, tandemLabel: string, restLabel = `PostgreSQL${tandemLabel.includes("client") ? "" : ", the load client"}`): string {
  return `CPU per message: ${cpu.tandemMsPerMessage.toFixed(1)} ms in ${tandemLabel}, ${cpu.restMsPerMessage.toFixed(1)} ms in the rest of the machine (${restLabel}); cores ${(cpu.busyShare * 100).toFixed(0)} % busy of ${cpu.cores}; at this cost ${cpu.cores} cores carry at most ${cpu.ceilingMsgS.toFixed(0)} msg/s`;
}
