/**
 * `kubectl autoscale` against kubectl 1.32's own output (testdata/autoscale-*.golden and
 * errors/autoscale-*.err, recorded by record.sh against rollout-fake-server.py with `autoscaling`).
 */
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const golden = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), "utf8");
async function withDeployment(): Promise<Session> {
  const s = new Session({ preset: "default", cwd: mkdtempSync(join(tmpdir(), "kadet-autoscale-")) });
  await s.run("kubectl create deployment web --image=nginx:1.27");
  return s;
}

describe("kubectl autoscale (recorded from kubectl 1.32)", () => {
  it("--dry-run=client prints the autoscaling/v1 object kubectl builds", async () => {
    const s = await withDeployment();
    expect((await s.run("kubectl autoscale deployment web --min=2 --max=5 --cpu-percent=50 --dry-run=client -o yaml")).stdout).toBe(golden("autoscale-cpu.yaml.golden"));
    expect((await s.run("kubectl autoscale deployment web --max=3 --dry-run=client -o yaml")).stdout).toBe(golden("autoscale-max.yaml.golden"));
    expect((await s.run("kubectl autoscale deployment web --max=4 --cpu-percent=70 --dry-run=client -o json")).stdout).toBe(golden("autoscale-cpu.json.golden"));
    expect((await s.run("kubectl autoscale deploy web --max=4 --name=x --dry-run=client")).stdout).toBe(golden("autoscale-name.dryrun.golden"));
  });

  it("--max below --min is refused with kubectl's message", async () => {
    const s = await withDeployment();
    const r = await s.run("kubectl autoscale deployment web --max=4 --min=5 --dry-run=client");
    const recorded = golden("errors/autoscale-min-max.err").split("\n");
    expect(r.stderr).toBe(`${recorded[0]!.replace(/^Error:/, "error:")}\n`);
    expect(`exit=${r.exitCode}`).toBe(recorded[1]);
  });

  it("creates the HPA (stored as autoscaling/v2 with a cpu Utilization metric) and prints 'autoscaled'", async () => {
    const s = await withDeployment();
    expect((await s.run("kubectl autoscale deployment web --max=5 --cpu-percent=60")).stdout).toBe("horizontalpodautoscaler.autoscaling/web autoscaled\n");
    expect((await s.run("kubectl get hpa web -o jsonpath='{.apiVersion} {.spec.metrics[0].resource.target.averageUtilization} {.spec.minReplicas}'")).stdout).toBe("autoscaling/v2 60 1");
    expect((await s.run("kubectl get hpa")).stdout).toMatch(/^NAME +REFERENCE +TARGETS +MINPODS +MAXPODS +REPLICAS +AGE\nweb +Deployment\/web +cpu: <unknown>\/60% +1 +5 +\d+ +\w+\n$/);
    expect((await s.run("kubectl autoscale pod nope --max=2")).stderr).toContain('pods "nope" not found');
  });
});
