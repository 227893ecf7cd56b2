// kubectl patch: kubectl/pkg/cmd/patch/patch.go (1.32), strategic merge patch as
// apimachinery's strategicpatch applies it (merge keys from k8s.io/api struct tags), RFC 7386
// and RFC 6902. Every `--local` golden and client-side error was recorded from the real
// kubectl 1.32 (testdata/patch-*.golden, testdata/errors/patch-*.err, see record.sh).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import type { Session } from "../session.js";
import { golden, kubectlSession, recordedError } from "./testing.js";

const DEPLOY = kindNamed("Deployment")!;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const deploy = (s: Session, name = "web") => s.world.api.find(DEPLOY, "default", name) as Obj | undefined;

const LOCAL_CASES: [string, string][] = [
  ["add-container", `-p '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"redis"}]}}}}'`],
  ["merge-env", `-p '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"LEVEL","value":"debug"},{"name":"NEW","value":"1"}]}]}}}}'`],
  ["delete-env", `-p '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"MODE","$patch":"delete"}]}]}}}}'`],
  ["ports", `-p '{"spec":{"template":{"spec":{"containers":[{"name":"web","ports":[{"containerPort":443,"name":"https"}]}]}}}}'`],
  ["volumes", `-p '{"spec":{"template":{"spec":{"volumes":[{"name":"cache","emptyDir":{}}]}}}}'`],
  ["tolerations-replace", `-p '{"spec":{"template":{"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}}}'`],
  ["null-deletes", `-p '{"metadata":{"labels":{"app":null}},"spec":{"replicas":null}}'`],
  ["replace-directive", `-p '{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"nginx"},{"$patch":"replace"}]}}}}'`],
  ["finalizers", `-p '{"metadata":{"finalizers":["example.com/b"]}}'`],
  ["delete-primitive", `-p '{"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/a"]}}'`],
  ["yaml-patch", `-p 'spec: {replicas: 5}'`],
  ["merge-type", `--type merge -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}'`],
  ["json-type", `--type json -p '[{"op":"replace","path":"/spec/replicas","value":4},{"op":"add","path":"/spec/template/spec/containers/0/env/-","value":{"name":"X","value":"y"}},{"op":"remove","path":"/metadata/labels/app"}]'`],
  ["setorder", `-p '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"log"},{"name":"web"}],"containers":[{"name":"web","image":"nginx:1.28"}]}}}}'`],
];

describe("kubectl patch --local (recorded from kubectl 1.32)", () => {
  it.each(LOCAL_CASES)("%s", async (name, args) => {
    const r = await kubectlSession().run(`kubectl patch --local -f patch-deploy.yaml -o yaml ${args}`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(golden(`patch-${name}.yaml.golden`));
  });

  it("says `patched (no change)` when the patch changes nothing", async () => {
    const s = kubectlSession();
    expect((await s.run(`kubectl patch --local -f patch-deploy.yaml -p '{"spec":{"replicas":2}}'`)).stdout).toBe(golden("patch-nochange.golden"));
    expect((await s.run(`kubectl patch --local -f patch-deploy.yaml -p '{"spec":{"replicas":3}}'`)).stdout).toBe(golden("patch-change.golden"));
  });
});

describe("kubectl patch against the cluster", () => {
  async function withDeployment(): Promise<Session> {
    const s = kubectlSession();
    await s.run("kubectl create -f patch-deploy.yaml");
    return s;
  }

  it("a strategic patch merges a container by name and the Deployment rolls out the new image", async () => {
    const s = await withDeployment();
    const r = await s.run(`kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}'`);
    expect(r).toMatchObject({ stdout: "deployment.apps/web patched\n", stderr: "", exitCode: 0 });
    const containers = deploy(s)!.spec.template.spec.containers as Obj[];
    expect(containers.map((c) => [c.name, c.image])).toEqual([["web", "nginx:1.28"], ["log", "busybox"]]);
    // The env list of the patched container survives: merged, not replaced.
    expect(containers[0]!.env).toHaveLength(2);
    expect(deploy(s)!.metadata.generation).toBe(2);
  });

  it("--type merge replaces the list whole (RFC 7386)", async () => {
    const s = await withDeployment();
    await s.run(`kubectl patch deploy web --type merge -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}'`);
    expect((deploy(s)!.spec.template.spec.containers as Obj[]).map((c) => c.name)).toEqual(["web"]);
  });

  it("the same patch twice: the second is `patched (no change)` and writes nothing", async () => {
    const s = await withDeployment();
    await s.run(`kubectl patch deploy/web -p '{"spec":{"replicas":3}}'`);
    const rv = deploy(s)!.metadata.resourceVersion;
    expect((await s.run(`kubectl patch deploy/web -p '{"spec":{"replicas":3}}'`)).stdout).toBe("deployment.apps/web patched (no change)\n");
    expect(deploy(s)!.metadata.resourceVersion).toBe(rv);
  });

  it("--type json edits by pointer; a failed test is the server's 422, a missing path its 400", async () => {
    const s = await withDeployment();
    expect((await s.run(`kubectl patch deploy web --type json -p '[{"op":"replace","path":"/spec/replicas","value":5}]'`)).stdout).toBe("deployment.apps/web patched\n");
    expect(deploy(s)!.spec.replicas).toBe(5);
    const failed = await s.run(`kubectl patch deploy web --type json -p '[{"op":"test","path":"/spec/replicas","value":9}]'`);
    expect(failed).toMatchObject({ stderr: "The request is invalid: the server rejected our request due to an error in our request\n", exitCode: 1 });
    const missing = await s.run(`kubectl patch deploy web --type json -p '[{"op":"remove","path":"/spec/nope"}]'`);
    expect(missing.stderr).toBe("Error from server (BadRequest): error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value\n");
  });

  it("an invalid result is refused by validation with the kind's own message", async () => {
    const s = await withDeployment();
    const r = await s.run(`kubectl patch deploy web -p '{"spec":{"replicas":-1}}'`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^The Deployment "web" is invalid: spec.replicas: Invalid value: -1/);
  });

  it("--dry-run=client prints the line and changes nothing; -o yaml prints the patched object", async () => {
    const s = await withDeployment();
    expect((await s.run(`kubectl patch deploy web -p '{"spec":{"replicas":4}}' --dry-run=client`)).stdout).toBe("deployment.apps/web patched (dry run)\n");
    expect(deploy(s)!.spec.replicas).toBe(2);
    expect((await s.run(`kubectl patch deploy web -p '{"spec":{"replicas":4}}' -o jsonpath='{.spec.replicas}'`)).stdout).toBe("4");
  });

  it("a missing object is NotFound", async () => {
    const r = await kubectlSession().run(`kubectl patch deploy nope -p '{}'`);
    expect(r).toMatchObject({ stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', exitCode: 1 });
  });
});

describe("kubectl patch errors (recorded from kubectl 1.32)", () => {
  it.each([
    ["patch-no-patch", "kubectl patch deploy web"],
    ["patch-bad-type", "kubectl patch deploy web --type foo -p '{}'"],
    ["patch-bad-json", `kubectl patch --local -f patch-deploy.yaml -p '{"spec":'`],
    ["patch-json-not-list", `kubectl patch --local -f patch-deploy.yaml --type json -p '{"op":"add"}'`],
    ["patch-json-remove-missing", `kubectl patch --local -f patch-deploy.yaml --type json -p '[{"op":"remove","path":"/metadata/annotations/x"}]'`],
    ["patch-json-test-fails", `kubectl patch --local -f patch-deploy.yaml --type json -p '[{"op":"test","path":"/spec/replicas","value":9}]'`],
    ["patch-json-bad-op", `kubectl patch --local -f patch-deploy.yaml --type json -p '[{"op":"frob","path":"/spec/replicas"}]'`],
    ["patch-json-add-index", `kubectl patch --local -f patch-deploy.yaml --type json -p '[{"op":"add","path":"/spec/template/spec/containers/5","value":{}}]'`],
    ["patch-json-replace-missing-parent", `kubectl patch --local -f patch-deploy.yaml --type json -p '[{"op":"replace","path":"/spec/foo/bar","value":1}]'`],
    ["patch-json-remove-key", `kubectl patch --local -f patch-deploy.yaml --type json -p '[{"op":"remove","path":"/spec/nope"}]'`],
    ["patch-local-no-file", "kubectl patch --local deploy web -p '{}'"],
    ["patch-both", "kubectl patch deploy web -p '{}' --patch-file x.json"],
    ["patch-no-args", "kubectl patch -p '{}'"],
  ])("%s", async (name, command) => {
    const r = await kubectlSession().run(command);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});
