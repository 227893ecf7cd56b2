/**
 * Reads a build context from the sandbox's file system: every file under a
 * folder, by path relative to it. `.dockerignore` is applied later by the
 * builder, as BuildKit applies it on the daemon side.
 */
import type { FamilyContext } from "../types.js";

export async function readContext(ctx: Pick<FamilyContext, "readDir" | "readFile">, root: string): Promise<Map<string, string> | undefined> {
  const top = await ctx.readDir(root);
  if (top === undefined) return undefined;
  const files = new Map<string, string>();
  const walk = async (dir: string, rel: string, entries: string[]) => {
    for (const name of entries) {
      const path = `${dir}/${name}`;
      const relPath = rel ? `${rel}/${name}` : name;
      // Most entries are files: one read each; only what is not a file is asked for as a folder.
      const content = await ctx.readFile(path);
      if (content !== undefined) files.set(relPath, content);
      else {
        const sub = await ctx.readDir(path);
        if (sub !== undefined) await walk(path, relPath, sub);
      }
    }
  };
  await walk(root.replace(/\/+$/, "") || ".", "", top);
  return files;
}
