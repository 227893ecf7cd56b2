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
    // Most entries are files: one read each, all of a folder's at once (each read is a few file
    // system calls; in turn, 1,000 of them took half a second); only what is not a file is asked
    // for as a folder. The map is filled in the folder's order, whatever order the reads end in.
    const contents = await Promise.all(entries.map((name) => ctx.readFile(`${dir}/${name}`)));
    for (let i = 0; i < entries.length; i++) {
      const name = entries[i]!;
      const relPath = rel ? `${rel}/${name}` : name;
      const content = contents[i];
      if (content !== undefined) files.set(relPath, content);
      else {
        const sub = await ctx.readDir(`${dir}/${name}`);
        if (sub !== undefined) await walk(`${dir}/${name}`, relPath, sub);
      }
    }
  };
  await walk(root.replace(/\/+$/, "") || ".", "", top);
  return files;
}
