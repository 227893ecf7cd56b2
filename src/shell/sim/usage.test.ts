/**
 * `sim usage` as the README documents it: sets what a container's processes use; the kubelet acts on it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const session = () => new Session({ preset: "default", cwd: mkdtempSync(join(tmpdir(), "kadet-usage-")) });

describe("sim usage", () => {
  it("prints what a running container uses (the image's idle figure), then what it is told", async () => {
    const s = session();
    await s.run("kubectl run web --image=nginx:1.27");
    await s.run("sim clock advance 10s");
    expect((await s.run("sim usage pod/web")).stdout).toBe("web: memory 8Mi, cpu 1m\n");
    expect((await s.run("sim usage pod/web --memory 300Mi --cpu 250m")).stdout).toBe("container web of pod default/web now uses memory 300Mi, cpu 250m\n");
    expect((await s.run("sim usage web")).stdout).toBe("web: memory 300Mi, cpu 250m\n");
  });

  it("over the container's memory limit: OOMKilled with exit code 137, as kubectl shows it", async () => {
    const s = session();
    await s.run(`echo '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"web","image":"nginx:1.27","resources":{"limits":{"memory":"64Mi"}}}]}}' | kubectl apply -f -`);
    await s.run("sim clock advance 10s");
    await s.run("sim usage pod/web --memory 100Mi");
    expect((await s.run("kubectl get pod web -o jsonpath='{.status.containerStatuses[0].lastState.terminated.reason} {.status.containerStatuses[0].lastState.terminated.exitCode}'")).stdout).toBe("OOMKilled 137");
  });

  it("refuses bad quantities, unknown pods and ambiguous containers", async () => {
    const s = session();
    expect((await s.run("sim usage pod/nope --memory 1Gi")).stderr).toBe("sim usage: pods \"nope\" not found in namespace default\n");
    expect((await s.run("sim usage pod/x --memory lots")).stderr).toBe('sim usage: invalid --memory "lots" (for example 250Mi or 1Gi)\n');
  });
});
