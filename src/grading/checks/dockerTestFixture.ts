/**
 * Test fixture for the Docker check types: a real Session in a fresh
 * workspace, so images are built and containers run through the `docker`
 * commands a learner types, and the checks read the context the grader builds.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Session } from "../../shell/session.js";
import { checkContext } from "../grader.js";
import type { CheckContext } from "./types.js";

export interface DockerFixture {
  session: Session;
  workdir: string;
  write(path: string, content: string): void;
  /** Runs a command line and fails the test when it fails. */
  run(line: string): Promise<string>;
  ctx(): CheckContext;
}

export function dockerFixture(files: Record<string, string> = {}): DockerFixture {
  const workdir = mkdtempSync(join(tmpdir(), "kadet-docker-checks-"));
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(workdir, path)), { recursive: true });
    writeFileSync(join(workdir, path), content);
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  const session = new Session({ preset: "default", cwd: workdir });
  return {
    session,
    workdir,
    write,
    async run(line) {
      const ran = await session.run(line);
      if (ran.exitCode !== 0) throw new Error(`${line} failed: ${ran.stderr}${ran.stdout}`);
      return ran.stdout;
    },
    ctx: () => checkContext(session, { workdir }),
  };
}
