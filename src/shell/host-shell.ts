/**
 * A shell on one host of the model (`ssh NODE`): a just-bash interpreter whose
 * file system is the host's plain-data files, loaded before each line and
 * written back after it, so the kubelet sees edits (`rm`, `sed -i`, `cp`,
 * `mv`, `echo >`) on the next settle. The command families stay available.
 * session.ts runs its lines through the line runner, like the learner's own.
 */
import type { InMemoryFs } from "just-bash";
import { loadJustBash } from "./just-bash.js";
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

/**
 * Runs `run` on a file system holding the host's files, then writes what it leaves back to
 * the host. The caller builds the interpreter on that file system (session.ts runs the line
 * through the line runner, as on the learner's own terminal).
 */
export async function withHostFiles<T>(hosts: Hosts, hostName: string, run: (fs: InMemoryFs) => Promise<T>): Promise<T | undefined> {
  const host = hosts.get(hostName);
  if (!host) return undefined;
  const { InMemoryFs } = await loadJustBash();
  const fs: InMemoryFs = new InMemoryFs();
  for (const dir of host.dirs) fs.mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(host.files)) fs.writeFileSync(path, content);
  try {
    return await run(fs);
  } finally {
    const files: Record<string, string> = {};
    const dirs: string[] = [];
    for (const path of fs.getAllPaths()) {
      const stat = await fs.stat(path).catch(() => undefined);
      if (!stat) continue;
      if (stat.isDirectory) dirs.push(path);
      else if (stat.isFile) files[path] = await fs.readFile(path);
    }
    hosts.replaceFiles(hostName, files, dirs);
  }
}
