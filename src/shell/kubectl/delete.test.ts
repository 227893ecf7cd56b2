// `kubectl delete` against the live model (kubectl/pkg/cmd/delete/delete.go;
// https://kubernetes.io/docs/concepts/architecture/garbage-collection/ for cascades).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import { kubectlSession, recordedError } from "./testing.js";
import { FORCE_WARNING } from "./delete.js";

const POD = kindNamed("Pod")!;
const RS = kindNamed("ReplicaSet")!;

describe("kubectl delete", () => {
  it("waits until a running pod is gone (--wait defaults to true)", async () => {
    const s = kubectlSession();
    await s.run("kubectl run nginx --image=nginx");
    await s.run("sleep 20");
    const r = await s.run("kubectl delete pod nginx");
    expect(r).toEqual({ stdout: 'pod "nginx" deleted\n', stderr: "", exitCode: 0 });
    expect(s.world.api.find(POD, "default", "nginx")).toBeUndefined();
  });

  it("--field-selector picks the objects, as the server filters them (kubectl_delete: --field-selector)", async () => {
    const s = kubectlSession();
    for (const [name, node] of [["a", "node01"], ["b", "node02"]]) {
      await s.run(`echo '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"${name}"},"spec":{"nodeName":"${node}","containers":[{"name":"c","image":"nginx"}]}}' | kubectl apply -f -`);
    }
    await s.run("sleep 20");
    const r = await s.run("kubectl delete pods --field-selector spec.nodeName=node01");
    expect(r).toEqual({ stdout: 'pod "a" deleted\n', stderr: "", exitCode: 0 });
    expect(s.world.api.find(POD, "default", "b")).toBeDefined();
    expect((await s.run("kubectl delete pods --field-selector status.phase=Failed")).stdout).toBe("No resources found\n");
  });

  it("--force --grace-period=0 warns and says force deleted", async () => {
    const s = kubectlSession();
    await s.run("kubectl run nginx --image=nginx");
    await s.run("sleep 20");
    const r = await s.run("kubectl delete pod nginx --force --grace-period=0");
    expect(r).toEqual({ stdout: 'pod "nginx" force deleted\n', stderr: FORCE_WARNING, exitCode: 0 });
  });

  it("deleting a deployment cascades to its ReplicaSet and pods (background)", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx --replicas=2");
    await s.run("sleep 20");
    expect((await s.run("kubectl delete deployment web")).stdout).toBe('deployment.apps "web" deleted\n');
    await s.run("sleep 60");
    expect(s.world.api.list(RS, "default")).toHaveLength(0);
    expect(s.world.api.list(POD, "default")).toHaveLength(0);
  });

  it("any object naming a deleted owner is collected, not only workloads: a ConfigMap owned by a Deployment goes with it", async () => {
    // garbage-collection docs: "Kubernetes checks for and deletes objects that no longer have owner references".
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx");
    const uid = (await s.run("kubectl get deploy web -o jsonpath='{.metadata.uid}'")).stdout;
    await s.run(`echo '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web-extra","ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"${uid}"}]}}' | kubectl apply -f -`);
    await s.run("echo '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"unowned\"}}' | kubectl apply -f -");
    await s.run("kubectl delete deployment web");
    await s.run("sleep 10");
    const left = (await s.run("kubectl get cm -o name")).stdout;
    expect(left).not.toContain("configmap/web-extra");
    expect(left).toContain("configmap/unowned");
  });

  it("--cascade=orphan leaves the ReplicaSet", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx");
    await s.run("sleep 20");
    await s.run("kubectl delete deploy web --cascade=orphan");
    await s.run("sleep 20");
    expect(s.world.api.list(RS, "default")).toHaveLength(1);
  });

  it("-l deletes what the selector matches; NotFound otherwise", async () => {
    const s = kubectlSession();
    await s.run("kubectl run a --image=nginx -l app=x; kubectl run b --image=nginx -l app=y");
    expect((await s.run("kubectl delete pods -l app=x")).stdout).toBe('pod "a" deleted\n');
    expect((await s.run("kubectl delete pod zz")).stderr).toBe('Error from server (NotFound): pods "zz" not found\n');
  });

  it.each([
    ["delete", "delete-no-args"],
    ["delete pods x --all", "delete-all-and-names"],
  ])("kubectl %s fails as the real client does", async (cmd, name) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});
