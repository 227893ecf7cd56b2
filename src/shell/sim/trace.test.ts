/**
 * `sim trace -- kubectl ...`: the request path read from what the model did
 * (https://kubernetes.io/docs/concepts/security/controlling-access/: authentication,
 * authorization, admission control; then etcd, the scheduler, the kubelet, the runtime).
 */
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const section = (out: string, n: number) => out.split(/\n(?=\d\. )/).find((s) => s.startsWith(`${n}. `)) ?? "";

describe("sim trace", () => {
  it("kubectl run: the command's own output, then the seven stages from the model's records", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    const r = await s.run("sim trace -- kubectl run x --image=nginx");
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith("pod/x created\n\nsim trace: kubectl run x --image=nginx\n")).toBe(true);
    expect(section(r.stdout, 1)).toContain('user "kubernetes-admin", groups [kubeadm:cluster-admins system:authenticated]');
    // The reason is RBACAuthorizer's own ("allowed by ClusterRoleBinding ... of ClusterRole ... to Group ...").
    expect(section(r.stdout, 2)).toContain('create pods in namespace "default": allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins", rule: verbs [*], apiGroups [*], resources [*]');
    const admission = section(r.stdout, 3);
    expect(admission).toMatch(/ServiceAccount +\(mutating\) +set spec\.serviceAccountName/);
    expect(admission).toMatch(/DefaultTolerationSeconds +\(mutating\) +set spec\.tolerations/);
    expect(admission).toMatch(/PodSecurity +\(validating\) +passed/);
    // Mutating plugins run before validation, validating ones after (chain.ts's order).
    expect(admission.indexOf("(mutating)")).toBeLessThan(admission.indexOf("validation "));
    expect(admission.indexOf("validation ")).toBeLessThan(admission.indexOf("(validating)"));
    const revision = (await s.run("kubectl get pod x -o jsonpath='{.metadata.creationTimestamp}'")).exitCode;
    expect(revision).toBe(0);
    expect(section(r.stdout, 4)).toMatch(/created \/registry\/pods\/default\/x at revision \d+/);
    const node = (await s.run("kubectl get pod x -o jsonpath='{.spec.nodeName}'")).stdout;
    expect(section(r.stdout, 5)).toContain(`default/x: bound to ${node} (pods/binding)`);
    expect(section(r.stdout, 6)).toContain(`default/x on ${node}:\n    Pulling: Pulling image "nginx"`);
    expect(section(r.stdout, 6)).toContain("Started: Started container x");
    const id = (await s.run("kubectl get pod x -o jsonpath='{.status.containerStatuses[0].containerID}'")).stdout;
    expect(section(r.stdout, 7)).toContain(`x: ${id} running since`);
  });

  it("the revision in section 4 is the object's resourceVersion as stored", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    const r = await s.run("sim trace -- kubectl create configmap c --from-literal=a=b");
    const rv = (await s.run("kubectl get cm c -o jsonpath='{.metadata.resourceVersion}'")).stdout;
    expect(section(r.stdout, 4)).toContain(`created /registry/configmaps/default/c at revision ${rv}`);
    expect(section(r.stdout, 5)).toContain("(no pod came of this command)");
  });

  it("a Deployment's pods are followed through their ReplicaSet", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    const r = await s.run("sim trace -- kubectl create deployment web --image=nginx --replicas=2");
    expect(section(r.stdout, 4)).toContain("created /registry/deployments/default/web at revision");
    expect(section(r.stdout, 5).match(/default\/web-[a-z0-9]+-[a-z0-9]{5}: bound to/g)).toHaveLength(2);
  });

  it("a refused request: the denial in section 2 and nothing admitted or stored", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    const r = await s.run("sim trace -- kubectl run x --image=nginx --as jane");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('User "jane" cannot create resource "pods"');
    expect(section(r.stdout, 1)).toContain('impersonating user "jane", groups [system:authenticated]');
    expect(section(r.stdout, 2)).toContain('impersonate users "jane" (cluster scope): allowed');
    expect(section(r.stdout, 2)).toContain('create pods in namespace "default": denied');
    expect(section(r.stdout, 4)).toContain("(nothing written)");
  });

  it("an admission refusal names the plugin", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    const r = await s.run("sim trace -- kubectl run x --image=nginx -n nowhere");
    expect(section(r.stdout, 3)).toMatch(/NamespaceLifecycle +\(mutating\) +refused: namespaces "nowhere" not found/);
    expect(section(r.stdout, 4)).toContain("(nothing written)");
  });

  it("traces kubectl only, and says how to use it", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    expect((await s.run("sim trace")).stderr).toBe("Usage: sim trace -- kubectl ARGS...\n");
    expect((await s.run("sim trace -- docker ps")).stderr).toBe("sim trace: follows kubectl's requests only (got 'docker')\nUsage: sim trace -- kubectl ARGS...\n");
  });
});
