/**
 * What `stress` 1.0.4 (the polinux/stress image) does with its options, as stress.c does it:
 * `--vm N --vm-bytes B` keeps N workers each holding B bytes (sizes suffixed B, K, M, G in
 * powers of 1024), `--cpu N` spins N workers (a core each), `--timeout T` ends the run after T
 * (suffixes s, m, h, d, y) with "successful run completed". Without work it prints its usage
 * and exits 0; a bad option or value exits 1, without stress's FAIL line (its text carries the
 * source line of the build, which kadet does not know). kadet does not model `--io` and `--hdd`
 * load, nor `--vm-hang` (memory is held the whole run).
 */
import { STRESS_USAGE, type ProcessBehaviour } from "./images.js";

const SIZE: Readonly<Record<string, number>> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const TIME: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, y: 31536000 };

/** stress.c atoll_b / atoll_s: an integer with an optional one-letter suffix; undefined when invalid. */
function suffixed(text: string, units: Readonly<Record<string, number>>): number | undefined {
  const m = /^(\d+)([a-zA-Z]?)$/.exec(text);
  if (!m) return undefined;
  const factor = m[2] === "" ? 1 : units[m[2]!.toLowerCase()];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

/** PID 1 in the container: stress.c's messages print the process id. */
const PID = 1;
const FAILED: ProcessBehaviour = { kind: "exits", afterSeconds: 0, exitCode: 1, logs: [] };

/** The process `stress ARGS...` is, with the node's cores bounding what its cpu workers can use. */
export function stressBehaviour(args: readonly string[]): ProcessBehaviour {
  let cpu = 0, io = 0, vm = 0, hdd = 0, vmBytes = 256 * 1024 * 1024, timeout = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--help" || arg === "-?") return { kind: "exits", afterSeconds: 0, exitCode: 0, logs: STRESS_USAGE };
    if (arg === "--version") return { kind: "exits", afterSeconds: 0, exitCode: 0, logs: ["stress 1.0.4"] };
    if (["--verbose", "-v", "--quiet", "-q", "--dry-run", "-n", "--vm-keep"].includes(arg)) continue;
    const takesValue = ["--backoff", "--timeout", "-t", "--cpu", "-c", "--io", "-i", "--vm", "-m", "--vm-bytes", "--vm-stride", "--vm-hang", "--hdd", "-d", "--hdd-bytes"];
    if (!takesValue.includes(arg)) return FAILED;
    const value = args[++i];
    const long = arg.startsWith("--") ? arg : { "-t": "--timeout", "-c": "--cpu", "-i": "--io", "-m": "--vm", "-d": "--hdd" }[arg]!;
    if (value === undefined || (value.startsWith("-") && !/^-\d/.test(value))) return FAILED;
    const n = long === "--timeout" ? suffixed(value, TIME) : suffixed(value, SIZE);
    if (n === undefined || n <= 0) {
      if (long === "--vm-hang" && n === 0) continue;
      return FAILED;
    }
    if (long === "--cpu") cpu = n;
    else if (long === "--io") io = n;
    else if (long === "--vm") vm = n;
    else if (long === "--hdd") hdd = n;
    else if (long === "--vm-bytes") vmBytes = n;
    else if (long === "--timeout") timeout = n;
  }
  if (cpu + io + vm + hdd === 0) return { kind: "exits", afterSeconds: 0, exitCode: 0, logs: STRESS_USAGE };
  const logs = [`stress: info: [${PID}] dispatching hogs: ${cpu} cpu, ${io} io, ${vm} vm, ${hdd} hdd`];
  // The parent and its idle bookkeeping take about a MiB beside the workers' allocations.
  const usage = { memoryBytes: vm * vmBytes + 1024 * 1024, milliCpu: cpu * 1000 + (vm > 0 ? 1 : 0) };
  if (timeout > 0) {
    return { kind: "exits", afterSeconds: timeout, exitCode: 0, logs, later: [{ afterSeconds: timeout, line: `stress: info: [${PID}] successful run completed in ${timeout}s` }], usage };
  }
  return { kind: "runs", logs, ignoresSigterm: false, usage };
}
