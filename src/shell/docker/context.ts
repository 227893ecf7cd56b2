/**
 * Reads a build context from the sandbox's file system: every file under a
 * folder, by path relative to it. `.dockerignore` is applied later by the
 * builder, as BuildKit applies it on the daemon side.
 */
import { walkTree } from "../file-tree.js";
import type { FamilyContext } from "../types.js";

export async function readContext(ctx: Pick<FamilyContext, "readDir" | "readFile" | "readTree">, root: string): Promise<Map<string, string> | undefined> {
  // The session's file access reads the tree in one go (plain files straight from disk); a
  // context without it walks entry by entry.
  if (ctx.readTree) return ctx.readTree(root);
  return walkTree(ctx, root.replace(/\/+$/, "") || ".");
}
