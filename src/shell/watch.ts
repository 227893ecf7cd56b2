/**
 * `watch [-n SECONDS] [-t] COMMAND`, as procps-ng's watch draws its screen: the header
 * `Every 2.0s: COMMAND` on the left and `HOST: DATE` (ctime, the virtual clock's) right-
 * justified to the terminal's width, a blank line, then what the command printed on both
 * streams (watch runs it with stderr joined to stdout, through `sh -c`).
 *
 * A line of output has no "later" in script mode, so there watch runs the command once and
 * says so on stderr; the trainer's terminal repeats it on the virtual clock until Ctrl-C
 * (follow.ts). The options that only change the drawing (`-d`, `-c`, `-b`, `-e`, `-g`, `-p`)
 * are accepted and named as not simulated.
 */
import type { CommandResult } from "./types.js";

/** The header's width: kadet's terminals are 80 columns wide (the trainer's own minimum). */
export const WATCH_WIDTH = 80;
export const WATCH_ONCE_NOTE = "kadet: watch runs the command once here; in the trainer's terminal it repeats until Ctrl-C";

export interface WatchRun {
  /** Runs the command line through the shell (stdout and stderr, in order, as one text). */
  run(command: string): Promise<string>;
  /** The virtual clock, ms since the epoch. */
  now(): number;
  host: string;
}

interface WatchOptions {
  interval: number;
  title: boolean;
  ignored: string[];
  command: string[];
}

/** The first lines of procps-ng watch's usage, which it prints after a usage error. */
const USAGE = "\nUsage:\n watch [options] command\n";

function parse(args: string[]): WatchOptions | { error: string } {
  const options: WatchOptions = { interval: 2, title: true, ignored: [], command: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    // getopt "+...": options end at the first word that is not one.
    if (!arg.startsWith("-") || arg === "-") {
      options.command = args.slice(i);
      break;
    }
    if (arg === "--") {
      options.command = args.slice(i + 1);
      break;
    }
    let value: string | undefined;
    if (arg === "-n" || arg === "--interval") value = args[++i];
    else if (arg.startsWith("--interval=")) value = arg.slice(11);
    else if (/^-n./.test(arg)) value = arg.slice(2);
    else if (arg === "-t" || arg === "--no-title") {
      options.title = false;
      continue;
    } else if (arg === "-x" || arg === "--exec") continue;
    else if (/^-[dcbegp]$/.test(arg) || /^--(differences(=.*)?|color|beep|errexit|chgexit|precise)$/.test(arg)) {
      options.ignored.push(arg);
      continue;
    } else return { error: `watch: invalid option -- '${arg.replace(/^-+/, "")}'${USAGE}` };
    const seconds = value === undefined ? NaN : Number(value.replace(",", "."));
    if (value === undefined || !Number.isFinite(seconds)) return { error: `watch: failed to parse argument: '${value ?? ""}'` };
    // procps: intervals under 0.1 s are raised to 0.1 s.
    options.interval = Math.max(0.1, seconds);
  }
  if (options.command.length === 0) return { error: USAGE.trimStart() };
  return options;
}

/** ctime(3) in UTC: `Fri Dec  4 18:39:28 2026`. */
function ctime(ms: number): string {
  const d = new Date(ms);
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()];
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  const time = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
  return `${day} ${month} ${String(d.getUTCDate()).padStart(2, " ")} ${time} ${d.getUTCFullYear()}`;
}

/** The first line of watch's screen; a command too long for the width is cut with `...`. */
export function watchHeader(interval: number, command: string, host: string, now: number): string {
  const left = `Every ${interval.toFixed(1)}s: `;
  const right = `${host}: ${ctime(now)}`;
  const room = WATCH_WIDTH - left.length - right.length - 1;
  const shown = command.length <= room ? command : `${command.slice(0, Math.max(0, room - 4))}... `;
  return `${left}${shown.padEnd(room)} ${right}`;
}

/** One screen of watch: header, blank line, the command's output. */
export async function watchCommand(args: string[], io: WatchRun): Promise<CommandResult> {
  const options = parse(args);
  if ("error" in options) return { stdout: "", stderr: `${options.error}\n`, exitCode: 1 };
  const command = options.command.join(" ");
  const header = options.title ? `${watchHeader(options.interval, command, io.host, io.now())}\n\n` : "";
  const output = await io.run(command);
  const notes = options.ignored.map((flag) => `kadet: watch ${flag} is not simulated (ignored)\n`).join("");
  return { stdout: header + output, stderr: `${notes}${WATCH_ONCE_NOTE}\n`, exitCode: 0 };
}
