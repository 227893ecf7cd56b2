/**
 * `which NAME...` as Debian's `which` (debianutils) prints it: the path of each command found
 * on PATH, nothing for one that is not, exit 1 when any is missing; `-a` (every match: kadet
 * has one per command) and `-s` (silent). The path is the one `type -P` gives, so `which
 * kubectl` and `type kubectl` agree (`/usr/bin/kubectl`). Builtins (`cd`), functions and
 * aliases are not files on PATH: `which` does not print them.
 */
import type { CommandResult } from "./types.js";

export async function whichCommand(args: string[], locate: (name: string) => Promise<string | undefined>): Promise<CommandResult> {
  let silent = false;
  const names: string[] = [];
  for (const arg of args) {
    if (/^-[as]+$/.test(arg)) silent ||= arg.includes("s");
    else names.push(arg);
  }
  if (names.length === 0) return { stdout: "", stderr: "", exitCode: 1 };
  let stdout = "";
  let exitCode = 0;
  for (const name of names) {
    const path = await locate(name);
    if (path === undefined) exitCode = 1;
    else if (!silent) stdout += `${path}\n`;
  }
  return { stdout, stderr: "", exitCode };
}
