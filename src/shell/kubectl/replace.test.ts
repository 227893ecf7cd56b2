// kubectl replace: kubectl/pkg/cmd/replace/replace.go (1.32). Client-side errors and the
// dry-run output were recorded from the real kubectl 1.32 (testdata/errors/replace-*.err,
// testdata/replace-dry-run.yaml.golden); `pod "x" deleted` + `pod/x replaced` is forceReplace's
// DeleteResult then PrintObj.
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import { golden, kubectlSession, recordedError } from "./testing.js";

const POD = kindNamed("Pod")!;
const DEPLOY = kindNamed("Deployment")!;

describe("kubectl replace", () => {
  it("replaces the whole object: a field the file drops is gone (unlike apply's merge)", async () => {
    const s = kubectlSession();
    await s.run("kubectl create -f patch-deploy.yaml");
    await s.run("kubectl label deploy web extra=1");
    const r = await s.run("kubectl replace -f patch-deploy.yaml");
    expect(r).toMatchObject({ stdout: "deployment.apps/web replaced\n", stderr: "", exitCode: 0 });
    expect(s.world.api.find(DEPLOY, "default", "web")!.metadata.labels).toEqual({ app: "web" });
  });

  it("an object that does not exist is NotFound, named after the file", async () => {
    const r = await kubectlSession().run("kubectl replace -f annotate-pod.yaml");
    expect(r).toMatchObject({ stderr: 'Error from server (NotFound): error when replacing "annotate-pod.yaml": pods "web" not found\n', exitCode: 1 });
  });

  it("a pod's spec cannot change in place; --force deletes it, waits for it to go, and creates it again", async () => {
    const s = kubectlSession();
    await s.run("kubectl create -f annotate-pod.yaml");
    await s.run("sim advance 5s");
    const uid = s.world.api.find(POD, "default", "web")!.metadata.uid;
    const refused = await s.run("kubectl replace -f annotate-pod.yaml");
    // The file has no nodeName, the scheduled pod does: a change to an immutable pod field.
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^The Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than/);
    const forced = await s.run("kubectl replace --force -f annotate-pod.yaml");
    expect(forced).toMatchObject({ stdout: 'pod "web" deleted\npod/web replaced\n', exitCode: 0 });
    expect(s.world.api.find(POD, "default", "web")!.metadata.uid).not.toBe(uid);
  });

  it("--dry-run=client prints the file's object with its namespace, as recorded", async () => {
    const r = await kubectlSession().run("kubectl replace -f annotate-pod.yaml --dry-run=client -o yaml");
    expect(r.stdout).toBe(golden("replace-dry-run.yaml.golden"));
  });

  it.each([
    ["replace-no-file", "kubectl replace pod x"],
    ["replace-grace-no-force", "kubectl replace -f annotate-pod.yaml --grace-period=3"],
    ["replace-timeout-no-force", "kubectl replace -f annotate-pod.yaml --timeout=3s"],
    ["replace-force-dry-run", "kubectl replace -f annotate-pod.yaml --force --dry-run=server"],
  ])("client-side error %s matches kubectl 1.32", async (name, command) => {
    const r = await kubectlSession().run(command);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});
