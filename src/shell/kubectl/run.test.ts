// `kubectl run`, checked against output recorded from kubectl 1.32 (testdata/record.sh)
// and the run-pod generator (kubectl/pkg/cmd/run/run.go).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import { golden, kubectlSession, maskKlog, recordedError } from "./testing.js";

describe("kubectl run", () => {
  it.each([
    ["run nginx --image=nginx --dry-run=client -o yaml", "run-nginx.yaml.golden"],
    ["run web --image=nginx:1.27 --labels=app=web,tier=fe --env=A=1 --env=B=two --port=80 --restart=Never --dry-run=client -o yaml", "run-full.yaml.golden"],
    ["run bb --image=busybox --command --dry-run=client -o yaml -- sleep 3600", "run-command.yaml.golden"],
    ["run bb --image=busybox --dry-run=client -o yaml -- sleep 3600", "run-args.yaml.golden"],
    ["run bb --image=busybox --dry-run=client -o json", "run-bb.json.golden"],
    ["run nginx --image=nginx --dry-run=client", "run.dryrun.golden"],
  ])("kubectl %s matches the real client byte for byte", async (cmd, file) => {
    const s = kubectlSession();
    const r = await s.run(`kubectl ${cmd}`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(golden(file));
  });

  it.each([
    ["run x", "run-no-image"],
    ["run --image=nginx", "run-no-name"],
    ["run x --image=nginx --dry-run=maybe", "dry-run-bad"],
    ["run x --image=nginx --dry-run=client -o foo", "output-bad"],
  ])("kubectl %s fails as the real client does", async (cmd, name) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });

  it("--dry-run alone is deprecated, not an error, in 1.32 (cmdutil.GetDryRunStrategy)", async () => {
    const r = await kubectlSession().run("kubectl run x --image=nginx --dry-run -o yaml");
    expect(r.exitCode).toBe(0);
    expect(maskKlog(r.stderr)).toBe(maskKlog(recordedError("dry-run-bare").stderr));
  });

  it("creates a pod that the scheduler places on a worker and the kubelet starts", async () => {
    const s = kubectlSession();
    const r = await s.run("kubectl run nginx --image=nginx");
    expect(r).toEqual({ stdout: "pod/nginx created\n", stderr: "", exitCode: 0 });
    await s.run("sleep 30");
    const pod = s.world.api.find(kindNamed("Pod")!, "default", "nginx") as { spec?: { nodeName?: string }; status?: { phase?: string } } | undefined;
    expect(pod?.spec?.nodeName).toMatch(/^node0[12]$/);
    expect(pod?.status?.phase).toBe("Running");
    const again = await s.run("kubectl run nginx --image=nginx");
    expect(again.stderr).toBe('Error from server (AlreadyExists): pods "nginx" already exists\n');
    expect(again.exitCode).toBe(1);
  });
});

// DESIGN.md principle 1: a flag kadet does not act on says so rather than being ignored.
describe("kubectl run flags kadet does not simulate", () => {
  it("refuses --overrides and -it instead of creating a pod without them", async () => {
    const s = kubectlSession();
    expect(await s.run(`kubectl run x --image=nginx --overrides='{"spec":{}}'`)).toMatchObject({ exitCode: 1, stderr: "kadet: 'kubectl run --overrides' is not simulated yet\n" });
    expect((await s.run("kubectl run x --image=busybox -it -- sh")).stderr).toContain("is not simulated yet");
    expect((await s.run("kubectl get pod x")).exitCode).toBe(1);
  });
});
