import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";
import { SETTLE_SECONDS } from "../sim/world/world.js";

function session(): Session {
  return new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-line-time-")) });
}

// Issue 7: time passes once per line the learner enters. Commands of one pipeline run together in
// a real shell, so the controllers must not act between `kubectl get` and `kubectl apply`.
describe("time per line", () => {
  it("lets time pass once for a line with several kubectl commands, as for a line with one", async () => {
    const s = session();
    const t0 = s.environment.now();
    await s.run("kubectl get nodes | wc -l; kubectl get ns > /dev/null; kubectl get pods");
    expect(s.environment.now() - t0).toBe(SETTLE_SECONDS * 1000);
    await s.run("kubectl get nodes");
    expect(s.environment.now() - t0).toBe(2 * SETTLE_SECONDS * 1000);
  });

  it("still moves the clock as far as a sleep inside the line says", async () => {
    const s = session();
    const t0 = s.environment.now();
    await s.run("kubectl get pods; sleep 30; kubectl get pods");
    expect(s.environment.now() - t0).toBe(30_000 + SETTLE_SECONDS * 1000);
  });

  // postgres without POSTGRES_PASSWORD exits at once, so its pod's status changes every few seconds.
  it("reads and writes one moment of the world in get -o yaml | sed | apply -f -", async () => {
    const s = session();
    await s.run("kubectl run db --image=postgres");
    const both = await s.run("echo $(kubectl get pod db -o jsonpath='{.metadata.resourceVersion}') $(kubectl get pod db -o jsonpath='{.metadata.resourceVersion}')");
    const [first, second] = both.stdout.trim().split(" ");
    expect(second).toBe(first);
    const result = await s.run("kubectl get pod db -o yaml | sed 's/run: db/run: db2/' | kubectl apply -f -");
    expect(result).toMatchObject({ exitCode: 0, stdout: "pod/db configured\n" });
  });
});
