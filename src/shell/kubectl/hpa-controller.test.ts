/**
 * The HPA controller against the documented algorithm
 * (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details:
 * desiredReplicas = ceil(currentReplicas * currentMetricValue / desiredMetricValue), tolerance 0.1,
 * the 5-minute downscale stabilization window) and pkg/controller/podautoscaler/horizontal.go's
 * conditions, events and error texts, driven through the commands a learner types.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const session = () => new Session({ preset: "default", cwd: mkdtempSync(join(tmpdir(), "kadet-hpa-")) });
const jsonpath = async (s: Session, path: string) => (await s.run(`kubectl get hpa web -o jsonpath='${path}'`)).stdout;

/** A Deployment whose pods request 100m cpu, an HPA at 50%, metrics-server up. */
async function scaled(replicas = 2, request = "100m", max = 10): Promise<Session> {
  const s = session();
  await s.run("sim addon enable metrics-server");
  await s.run(`kubectl create deployment web --image=nginx:1.27 --replicas=${replicas}`);
  if (request) await s.run(`kubectl set resources deployment web --requests=cpu=${request}`);
  await s.run("sim clock advance 6m");
  await s.run(`kubectl autoscale deployment web --min=1 --max=${max} --cpu-percent=50`);
  return s;
}

async function setAll(s: Session, cpu: string): Promise<void> {
  const pods = (await s.run("kubectl get pods -l app=web -o jsonpath='{.items[*].metadata.name}'")).stdout.split(" ").filter(Boolean);
  for (const p of pods) await s.run(`sim usage pod/${p} --cpu ${cpu}`);
}

describe("HorizontalPodAutoscaler controller", () => {
  it("scales up by the formula: 2 pods at 90m of 100m (90%) against 50% → ceil(2 * 90/50) = 4, with SuccessfulRescale", async () => {
    const s = await scaled();
    await setAll(s, "90m");
    await s.run("sim clock advance 20s");
    expect((await s.run("kubectl get deployment web -o jsonpath='{.spec.replicas}'")).stdout).toBe("4");
    const events = (await s.run("kubectl get events --field-selector reason=SuccessfulRescale -o jsonpath='{.items[*].message}'")).stdout;
    expect(events).toContain("New size: 4; reason: cpu resource utilization (percentage of request) above target");
    expect(await jsonpath(s, "{.status.conditions[?(@.type==\"ScalingActive\")].reason}")).toBe("ValidMetricFound");
  });

  it("within the 0.1 tolerance nothing changes: 54% against 50% (ratio 1.08)", async () => {
    const s = await scaled();
    await setAll(s, "54m");
    await s.run("sim clock advance 30s");
    expect((await s.run("kubectl get deployment web -o jsonpath='{.spec.replicas}'")).stdout).toBe("2");
    expect((await s.run("kubectl get hpa web --no-headers")).stdout).toMatch(/^web +Deployment\/web +cpu: 54%\/50% +1 +10 +2 /);
  });

  it("scale-down waits for the 5-minute stabilization window", async () => {
    const s = await scaled(4);
    await setAll(s, "10m");
    await s.run("sim clock advance 2m");
    expect((await s.run("kubectl get deployment web -o jsonpath='{.spec.replicas}'")).stdout).toBe("4");
    expect(await jsonpath(s, "{.status.conditions[?(@.type==\"AbleToScale\")].reason}")).toBe("ScaleDownStabilized");
    await s.run("sim clock advance 4m");
    expect((await s.run("kubectl get deployment web -o jsonpath='{.spec.replicas}'")).stdout).toBe("1");
  });

  it("the scale-up limit max(2×current, 4) and maxReplicas bound it (ScalingLimited TooManyReplicas)", async () => {
    const s = await scaled(4);
    await setAll(s, "500m");
    await s.run("sim clock advance 1m");
    // 4 pods at 500% of their request want 40; the first step is capped at 2×4 = 8, the next at maxReplicas.
    const events = (await s.run("kubectl get events --field-selector reason=SuccessfulRescale -o jsonpath='{.items[*].message}'")).stdout;
    expect(events).toContain("New size: 8; reason: cpu resource utilization (percentage of request) above target");
    expect((await s.run("kubectl get deployment web -o jsonpath='{.spec.replicas}'")).stdout).toBe("10");
    const capped = await scaled(4, "100m", 6);
    await setAll(capped, "500m");
    await capped.run("sim clock advance 20s");
    expect((await capped.run("kubectl get deployment web -o jsonpath='{.spec.replicas}'")).stdout).toBe("6");
    expect(await jsonpath(capped, "{.status.conditions[?(@.type==\"ScalingLimited\")].reason}")).toBe("TooManyReplicas");
  });

  it("pods without cpu requests: TARGETS <unknown> and the missing-request error", async () => {
    const s = await scaled(1, "");
    await s.run("sim clock advance 20s");
    expect((await s.run("kubectl get hpa web --no-headers")).stdout).toMatch(/cpu: <unknown>\/50%/);
    const pod = (await s.run("kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}'")).stdout;
    expect(await jsonpath(s, "{.status.conditions[?(@.type==\"ScalingActive\")].message}")).toBe(`the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container nginx of Pod ${pod}`);
  });

  it("without metrics-server: ScalingActive False FailedGetResourceMetric", async () => {
    const s = session();
    await s.run("kubectl create deployment web --image=nginx:1.27");
    await s.run("kubectl autoscale deployment web --max=3");
    await s.run("sim clock advance 20s");
    expect(await jsonpath(s, "{.status.conditions[?(@.type==\"ScalingActive\")].status} {.status.conditions[?(@.type==\"ScalingActive\")].reason}")).toBe("False FailedGetResourceMetric");
    // v2 defaulting: no metrics means cpu at 80%.
    expect((await s.run("kubectl get hpa web --no-headers")).stdout).toMatch(/cpu: <unknown>\/80% +1 +3 +1 /);
  });
});
