// kubectl set resources: kubectl/pkg/cmd/set/set_resources.go (1.32); --local outputs and errors
// recorded from the real kubectl 1.32 (testdata/set-resources-*, testdata/errors/set-resources-*).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import { golden, kubectlSession, recordedError } from "./testing.js";

const DEPLOY = kindNamed("Deployment")!;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const L = "kubectl set resources --local -f patch-deploy.yaml";

describe("kubectl set resources", () => {
  it("--local output as recorded (quantities canonical: 0.5 → 500m)", async () => {
    const s = kubectlSession();
    expect((await s.run(`${L} -c web --limits=cpu=0.5,memory=512Mi --requests=cpu=100m -o yaml`)).stdout).toBe(golden("set-resources-local.yaml.golden"));
    expect((await s.run(`${L} --limits=memory=1Gi`)).stdout).toBe(golden("set-resources-local.golden"));
  });

  it.each([
    ["set-resources-none", L],
    ["set-resources-bad-quantity", `${L} --limits=cpu=abc`],
    ["set-resources-bad-syntax", `${L} --limits=cpu`],
    ["set-resources-no-container", `${L} -c nope --limits=cpu=1`],
  ])("error %s", async (name, command) => {
    const r = await kubectlSession().run(command);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });

  it("on the cluster: given keys replace, others stay, and the Deployment rolls out", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx");
    expect((await s.run("kubectl set resources deploy web --requests=cpu=100m,memory=64Mi")).stdout).toBe("deployment.apps/web resource requirements updated\n");
    await s.run("kubectl set resources deploy/web --limits=memory=128Mi --requests=cpu=200m");
    const c = (s.world.api.find(DEPLOY, "default", "web") as Obj).spec.template.spec.containers[0];
    expect(c.resources).toEqual({ limits: { memory: "128Mi" }, requests: { cpu: "200m", memory: "64Mi" } });
    // Requests above limits are the API server's validation error.
    const bad = await s.run("kubectl set resources deploy/web --requests=memory=1Gi");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/^error: failed to patch resources update to pod template The Deployment "web" is invalid: spec.template.spec.containers\[0\].resources.requests\[memory\]: Invalid value: "1Gi": must be less than or equal to memory limit of 128Mi/);
  });
});
