// `kubectl get` against the live default cluster. Behaviour per kubectl/pkg/cmd/get/get.go
// and https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/
import { describe, expect, it } from "vitest";
import { kubectlSession, recordedError } from "./testing.js";

describe("kubectl get", () => {
  it("a deployment of 3 shows 3/3 once settled, and no pod lands on the tainted control plane", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx --replicas=3");
    await s.run("sleep 30");
    const d = await s.run("kubectl get deploy web");
    expect(d.stdout).toMatch(/^NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3\/3     3            3           \d+s\n$/);
    const wide = await s.run("kubectl get pods -o wide -l app=web --no-headers");
    const nodes = wide.stdout.trim().split("\n").map((line) => line.split(/\s+/)[6]);
    expect(nodes).toHaveLength(3);
    expect(nodes.every((n) => n === "node01" || n === "node02")).toBe(true);
  });

  it("prints 'No resources found in NS namespace.' on stderr (get.go)", async () => {
    const r = await kubectlSession().run("kubectl get pods -n kube-public");
    expect(r).toEqual({ stdout: "", stderr: "No resources found in kube-public namespace.\n", exitCode: 0 });
  });

  it("NotFound names go to stderr with exit 1", async () => {
    const r = await kubectlSession().run("kubectl get pod nope");
    expect(r).toEqual({ stdout: "", stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
  });

  it("several kinds print kind/name tables separated by a blank line", async () => {
    const s = kubectlSession();
    const r = await s.run("kubectl get svc,ns -o name");
    expect(r.stdout).toBe("service/kubernetes\nnamespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n");
    const t = await s.run("kubectl get svc,ns");
    expect(t.stdout).toContain("service/kubernetes");
    expect(t.stdout).toContain("\n\nNAME ");
  });

  it("-A adds a NAMESPACE column; --field-selector filters", async () => {
    const r = await kubectlSession().run("kubectl get pods -A --field-selector spec.nodeName=node01 --no-headers");
    const lines = r.stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith("kube-system "))).toBe(true);
  });

  it("-o yaml of one named object prints the object, of a list prints a List", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl get ns default -o yaml")).stdout).toMatch(/^apiVersion: v1\nkind: Namespace\n/);
    expect((await s.run("kubectl get ns -o yaml")).stdout).toMatch(/^apiVersion: v1\nitems:\n[\s\S]*kind: List\nmetadata:\n  resourceVersion: ""\n$/);
  });

  it("jsonpath", async () => {
    const r = await kubectlSession().run("kubectl get nodes -o jsonpath='{.items[*].metadata.name}'");
    expect(r.stdout).toBe("controlplane node01 node02");
  });

  it.each([
    ["get", "get-no-type"],
    ["get foo", "get-unknown-type"],
    ["get pods pod/x", "get-mixed"],
    ["get --foo", "unknown-flag"],
    ["get -z", "unknown-shorthand"],
    ["get pods -n", "flag-needs-arg"],
  ])("kubectl %s fails as the real client does", async (cmd, name) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });

  it("--watch says plainly that it is not simulated", async () => {
    const r = await kubectlSession().run("kubectl get pods -w");
    expect(r).toEqual({ stdout: "", stderr: "kadet: 'kubectl get --watch' is not simulated\n", exitCode: 1 });
  });
});
