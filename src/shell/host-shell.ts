/**
 * A shell on one host of the model (`ssh NODE`): a just-bash interpreter whose
 * file system is the host's plain-data files, loaded before each line and
 * written back after it, so the kubelet sees edits (`rm`, `sed -i`, `cp`,
 * `mv`, `echo >`) on the next settle. The command families stay available.
 */
import type { Bash, CustomCommand, InMemoryFs } from "just-bash";
import { loadJustBash } from "./just-bash.js";
import { installScriptGuard } from "./script-guard.js";
import type { Hosts } from "../sim/world/hosts.js";
import type { CommandResult } from "./types.js";

/**
 * The interactive prompt: the learner's terminal is named after the control
 * plane, as on the exam's jump host; after `ssh NODE` it is that host's
 * (`node01:~$ `). Script mode prints no prompts (DESIGN.md's sandbox contract:
 * only what the commands print).
 */
export function promptFor(host: string | undefined): string {
  return `${host ?? "controlplane"}:~$ `;
}

/** ssh's own words for an unknown host (OpenSSH, getaddrinfo's EAI_NONAME). */
export const unknownHost = (name: string): CommandResult => ({
  stdout: "",
  stderr: `ssh: Could not resolve hostname ${name}: Name or service not known\n`,
  exitCode: 255,
});

/** Runs one line on a host and writes the file system it leaves back to the host. */
export async function runOnHost(hosts: Hosts, hostName: string, script: string, env: Record<string, string>, commands: CustomCommand[]): Promise<{ result: CommandResult; env: Record<string, string>; cwd: string }> {
  const host = hosts.get(hostName);
  if (!host) return { result: { stdout: "", stderr: `kadet: host ${hostName} is gone\n`, exitCode: 1 }, env, cwd: "/root" };
  const { Bash, InMemoryFs } = await loadJustBash();
  await installScriptGuard(await loadJustBash());
  const fs: InMemoryFs = new InMemoryFs();
  for (const dir of host.dirs) fs.mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(host.files)) fs.writeFileSync(path, content);
  const cwd = env.PWD && env.PWD !== "" ? env.PWD : "/root";
  const bash: Bash = new Bash({ fs, cwd, env, customCommands: commands });
  const out = await bash.exec(script, { env, replaceEnv: true, cwd, rawScript: true });
  const files: Record<string, string> = {};
  const dirs: string[] = [];
  for (const path of fs.getAllPaths()) {
    const stat = await fs.stat(path).catch(() => undefined);
    if (!stat) continue;
    if (stat.isDirectory) dirs.push(path);
    else if (stat.isFile) files[path] = await fs.readFile(path);
  }
  hosts.replaceFiles(hostName, files, dirs);
  const nextEnv = { ...out.env };
  delete nextEnv["?"];
  return { result: { stdout: out.stdout, stderr: out.stderr, exitCode: out.exitCode }, env: nextEnv, cwd: out.env.PWD ?? cwd };
}
