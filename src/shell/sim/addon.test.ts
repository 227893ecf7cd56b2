/**
 * `sim addon` as the README documents it: metrics-server's objects in kube-system, the Metrics API
 * answering once its pod is Ready, and gone again after `disable`.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const session = () => new Session({ preset: "default", cwd: mkdtempSync(join(tmpdir(), "kadet-addon-")) });

describe("sim addon", () => {
  it("enable creates metrics-server's ServiceAccount, Service and Deployment; the API answers once its pod is Ready", async () => {
    const s = session();
    expect((await s.run("sim addon list")).stdout).toBe("metrics-server: disabled\n");
    expect((await s.run("sim addon enable metrics-server")).stdout).toMatch(/^metrics-server enabled: serviceaccount\/metrics-server, service\/metrics-server, deployment\/metrics-server created in kube-system/);
    expect((await s.run("sim addon list")).stdout).toBe("metrics-server: enabled (Metrics API not ready yet)\n");
    await s.run("sim clock advance 40s");
    expect((await s.run("kubectl get deploy metrics-server -n kube-system --no-headers")).stdout).toMatch(/^metrics-server +1\/1 +1 +1 /);
    expect((await s.run("sim addon list")).stdout).toBe("metrics-server: enabled (Metrics API available)\n");
    expect((await s.run("kubectl top nodes")).exitCode).toBe(0);
    expect((await s.run("sim addon enable metrics-server")).stdout).toBe("metrics-server is already enabled\n");
  });

  it("disable removes it: top is back to 'Metrics API not available'", async () => {
    const s = session();
    await s.run("sim addon enable metrics-server");
    await s.run("sim clock advance 40s");
    expect((await s.run("sim addon disable metrics-server")).stdout).toBe("metrics-server disabled: deployment/metrics-server, service/metrics-server, serviceaccount/metrics-server deleted from kube-system\n");
    expect((await s.run("kubectl top pods")).stderr).toBe("error: Metrics API not available\n");
    expect((await s.run("sim addon enable dashboard")).stderr).toBe('sim addon: unknown add-on "dashboard" (known: metrics-server)\n');
  });
});
