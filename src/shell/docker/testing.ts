/** Test helpers: a session in a scratch folder, and the recorded client outputs. */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Session } from "../session.js";

export interface RecordedCase {
  args: string[];
  stdout: string;
  stderr: string;
  exitCode: number;
}

const HERE = dirname(fileURLToPath(import.meta.url));

export const RECORDED: readonly RecordedCase[] = JSON.parse(readFileSync(join(HERE, "testdata", "cases.json"), "utf8")) as RecordedCase[];

/**
 * The recording machine's client has no buildx, so before a build's own error it prints the
 * legacy builder's DEPRECATED banner; kadet models BuildKit and prints no banner (testdata/README.md).
 */
export function withoutLegacyBanner(text: string): string {
  return text.replace(/^DEPRECATED: The legacy builder is deprecated[\s\S]*?https:\/\/docs\.docker\.com\/go\/buildx\/\n\n/, "");
}

/** A session whose working folder holds `files` (path → content). */
export function dockerSession(files: Record<string, string> = {}): Session {
  const cwd = mkdtempSync(join(tmpdir(), "kadet-docker-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(cwd, path)), { recursive: true });
    writeFileSync(join(cwd, path), content);
  }
  return new Session({ cwd });
}
