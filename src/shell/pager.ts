/**
 * `less` and `more` print what they are given, as both do when their output is not a
 * terminal: paging in a trainer's scrollback is pointless, and the learner only wants to
 * read the file. Their options (`-R`, `-S`, `+G`...) change nothing here. Errors are the
 * pagers' own words: less "NAME: No such file or directory" / "NAME is a directory",
 * util-linux more "more: cannot open NAME: No such file or directory".
 */
import type { CommandResult } from "./types.js";

export interface PagerInput {
  stdin: string;
  readFile(path: string): Promise<string | undefined>;
  readDir(path: string): Promise<string[] | undefined>;
}

export async function pagerCommand(name: "less" | "more", args: string[], input: PagerInput): Promise<CommandResult> {
  const files: string[] = [];
  let options = true;
  for (const arg of args) {
    if (options && arg === "--") options = false;
    else if (options && /^[-+]./.test(arg)) continue;
    else files.push(arg);
  }
  if (files.length === 0) return { stdout: input.stdin, stderr: "", exitCode: 0 };
  let stdout = "";
  let stderr = "";
  for (const file of files) {
    const text = await input.readFile(file);
    if (text !== undefined) stdout += text;
    else if ((await input.readDir(file)) !== undefined) stderr += name === "less" ? `${file} is a directory\n` : `\n*** ${file}: directory ***\n\n`;
    else stderr += name === "less" ? `${file}: No such file or directory\n` : `more: cannot open ${file}: No such file or directory\n`;
  }
  return { stdout, stderr, exitCode: stderr === "" ? 0 : 1 };
}
