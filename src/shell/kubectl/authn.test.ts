import { describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";

describe("requests are authorized by RBAC for --as and kubeconfig users", () => {
  it("kubernetes-admin is allowed through kubeadm:cluster-admins; an unbound user is Forbidden word for word", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl get pods")).exitCode).toBe(0);
    // https://kubernetes.io/docs/reference/access-authn-authz/rbac/ + responsewriters/errors.go forbiddenMessage
    const r = await s.run("kubectl get pods --as jane");
    expect(r).toEqual({ stdout: "", exitCode: 1, stderr: 'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n' });
    expect((await s.run("kubectl get nodes --as jane")).stderr).toBe('Error from server (Forbidden): nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope\n');
    expect((await s.run("kubectl get pod web --as jane")).stderr).toBe('Error from server (Forbidden): pods "web" is forbidden: User "jane" cannot get resource "pods" in API group "" in the namespace "default"\n');
  });
  it("a RoleBinding to the view ClusterRole lets jane read pods in its namespace only, not create", async () => {
    const s = kubectlSession();
    await s.run("kubectl create namespace dev");
    const manifest = "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: jane-view, namespace: dev}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}]\n";
    await s.run(`cat > rb.yaml <<'EOF'\n${manifest}EOF`);
    expect((await s.run("kubectl apply -f rb.yaml")).exitCode).toBe(0);
    expect((await s.run("kubectl get pods -n dev --as jane")).exitCode).toBe(0);
    expect((await s.run("kubectl get pods --as jane")).exitCode).toBe(1);
    expect((await s.run("kubectl run web --image=nginx -n dev --as jane")).stderr).toBe('Error from server (Forbidden): pods is forbidden: User "jane" cannot create resource "pods" in API group "" in the namespace "dev"\n');
  });
  it("impersonation is itself authorized (filters/impersonation.go): a ServiceAccount may not --as anyone", async () => {
    const s = kubectlSession();
    await s.run("kubectl create sa bot");
    const token = (await s.run("kubectl create token bot")).stdout.trim();
    expect((await s.run(`kubectl get pods --token ${token} --as bob`)).stderr).toBe(
      'Error from server (Forbidden): users "bob" is forbidden: User "system:serviceaccount:default:bot" cannot impersonate resource "users" in API group "" at the cluster scope\n',
    );
    expect((await s.run(`kubectl get pods --token ${token} --as system:serviceaccount:default:x`)).stderr).toBe(
      'Error from server (Forbidden): serviceaccounts "x" is forbidden: User "system:serviceaccount:default:bot" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "default"\n',
    );
    // The admin may impersonate, groups included: --as-group system:masters is let through before RBAC.
    expect((await s.run("kubectl get pods --as bob --as-group system:masters")).exitCode).toBe(0);
  });
});
