import { readFile } from "node:fs/promises";

/** Reads all of standard input as UTF-8 (script mode and `--script -`). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The commands of a `--script FILE` (`-` for standard input), or undefined
 * after saying on stderr why the file cannot be read.
 */
export async function readScript(scriptPath: string): Promise<string | undefined> {
  try {
    return scriptPath === "-" ? await readStdin() : await readFile(scriptPath, "utf8");
  } catch (e) {
    process.stderr.write(`kadet: cannot read the script ${scriptPath}: ${(e as Error).message}\n`);
    return undefined;
  }
}
