/** The `command` check: a command run on a copy of the world, its exit code and output compared. */
import { beforeAll, describe, expect, test } from "vitest";
import { evaluateCheck } from "./index.js";
import { check, checkFixture, type CheckFixture } from "./testFixture.js";

let fixture: CheckFixture;
const ctx: CheckFixture["ctx"] = (...args) => fixture.ctx(...args);
beforeAll(() => {
  fixture = checkFixture();
});

describe("command check", () => {
  test("compares stdout (trimmed) and exit code", async () => {
    const c = check("command: kubectl get pod api -o jsonpath='{.status.phase}'\nstdout: { equals: Running }\nexitCode: 0");
    expect((await evaluateCheck(c, ctx([], async () => ({ stdout: "Running", stderr: "", exitCode: 0 })))).status).toBe("pass");
    const failed = await evaluateCheck(c, ctx([], async () => ({ stdout: "", stderr: 'Error from server (NotFound): pods "api" not found\n', exitCode: 1 })));
    expect(failed).toMatchObject({
      status: "fail",
      observed: "exit code 1",
      expected: "exit code 0",
      message: "`kubectl get pod api -o jsonpath='{.status.phase}'` exited with 1, expected 0: Error from server (NotFound): pods \"api\" not found",
    });
    const pending = await evaluateCheck(c, ctx([], async () => ({ stdout: "Pending", stderr: "", exitCode: 0 })));
    expect(pending).toMatchObject({ status: "fail", observed: "Pending", expected: "Running" });
  });

  test("a fault while running the command is an error", async () => {
    const c = check("command: kubectl get pods\nexitCode: 0");
    const r = await evaluateCheck(c, ctx([], async () => Promise.reject(new Error("boom"))));
    expect(r).toMatchObject({ status: "error", message: "could not run `kubectl get pods`: boom" });
  });
});
