/**
 * `sim snapshot save FILE` / `sim snapshot load FILE`: the whole session
 * (clusters, hosts, kubeconfig, the shell's folder, variables, history and
 * scratch files, the Docker daemon) as one versioned JSON file, written and
 * read through the sandbox like any other file. A timed exam resumes from it
 * after a crash; a fresh process given the file continues exactly where the
 * saved one stopped.
 */
import { ENVIRONMENT_SNAPSHOT_VERSION, type EnvironmentSnapshot } from "../../sim/env/environment.js";
import { failure, ok, type CommandResult, type FamilyContext } from "../types.js";

export const SNAPSHOT_USAGE = "Usage: sim snapshot save FILE | sim snapshot load FILE";

export async function snapshotCommand(args: string[], ctx: FamilyContext): Promise<CommandResult> {
  const [verb, file, ...extra] = args;
  if ((verb !== "save" && verb !== "load") || file === undefined || extra.length > 0) return failure(SNAPSHOT_USAGE);
  if (verb === "save") {
    const snapshot = await ctx.session.snapshot();
    const written = await ctx.writeFile(file, `${JSON.stringify(snapshot)}\n`, 0o600);
    if (!written.ok) return failure(`sim snapshot save: cannot write ${file}: ${written.error}`);
    return ok(`session saved to ${file} (snapshot version ${ENVIRONMENT_SNAPSHOT_VERSION})\n`);
  }
  const text = await ctx.readFile(file);
  if (text === undefined) return failure(`sim snapshot load: ${file}: No such file or directory`);
  let snapshot: EnvironmentSnapshot;
  try {
    snapshot = JSON.parse(text) as EnvironmentSnapshot;
  } catch (error) {
    return failure(`sim snapshot load: ${file} is not a kadet snapshot (${(error as Error).message})`);
  }
  if (typeof snapshot !== "object" || snapshot === null || typeof snapshot.snapshotVersion !== "number") return failure(`sim snapshot load: ${file} is not a kadet snapshot (no snapshotVersion)`);
  try {
    await ctx.session.load(snapshot);
  } catch (error) {
    return failure(`sim snapshot load: ${(error as Error).message}`);
  }
  // Nothing printed: the restored terminal carries on as if it had never stopped.
  return ok();
}
