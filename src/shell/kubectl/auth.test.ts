import { describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";

const ROLEBINDING = "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: jane-view, namespace: default}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}]\n";

describe("kubectl auth can-i (staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go)", () => {
  it("answers yes/no with exit codes 0/1, as the --as user, per namespace", async () => {
    const s = kubectlSession();
    expect(await s.run("kubectl auth can-i list pods")).toEqual({ stdout: "yes\n", stderr: "", exitCode: 0 });
    expect(await s.run("kubectl auth can-i list pods --as jane")).toEqual({ stdout: "no\n", stderr: "", exitCode: 1 });
    await s.run(`cat > rb.yaml <<'EOF'\n${ROLEBINDING}EOF`);
    await s.run("kubectl apply -f rb.yaml");
    expect((await s.run("kubectl auth can-i list pods --as jane")).stdout).toBe("yes\n");
    expect((await s.run("kubectl auth can-i list pods --as jane -n kube-system")).stdout).toBe("no\n");
    // view grants pods/log but not pods/exec (bootstrap policy system:aggregate-to-view).
    expect((await s.run("kubectl auth can-i get pods --subresource=log --as jane")).stdout).toBe("yes\n");
    expect((await s.run("kubectl auth can-i create pods --subresource=exec --as jane")).stdout).toBe("no\n");
    expect((await s.run("kubectl auth can-i get secrets --as jane")).stdout).toBe("no\n");
    expect((await s.run("kubectl auth can-i -q delete pods --as jane")).stdout).toBe("");
  });
  it("prints the real warnings (with their blank line) and usage errors", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl auth can-i list nodes")).stderr).toBe("Warning: resource 'nodes' is not namespace scoped\n\n");
    expect((await s.run("kubectl auth can-i frob pods")).stderr).toBe("Warning: verb 'frob' is not a known verb\n\n");
    expect((await s.run("kubectl auth can-i get foo")).stderr).toBe("Warning: the server doesn't have a resource type 'foo'\n\n");
    expect((await s.run("kubectl auth can-i get")).stderr).toBe("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n");
    expect((await s.run("kubectl auth can-i --list -A")).stderr).toBe("error: list option can't be specified with neither quiet, all-namespaces nor subresource options\n");
    expect((await s.run("kubectl auth can-i get /logs --subresource=log")).stderr).toBe("error: --subresource can not be used with NonResourceURL\n");
  });
  it("a RoleBinding to a missing Role says why after no", async () => {
    const s = kubectlSession();
    await s.run(`cat > rb.yaml <<'EOF'\n${ROLEBINDING.replace("kind: ClusterRole, name: view", "kind: Role, name: reader")}EOF`);
    await s.run("kubectl apply -f rb.yaml");
    expect((await s.run("kubectl auth can-i list pods --as jane")).stdout).toBe('no - RBAC: role.rbac.authorization.k8s.io "reader" not found\n');
  });
  it("--list compacts and sorts the user's rules like kubectl", async () => {
    const s = kubectlSession();
    const r = await s.run("kubectl auth can-i --list --as jane");
    expect(r.stdout.split("\n")[0]).toMatch(/^Resources +Non-Resource URLs +Resource Names +Verbs$/);
    expect(r.stdout).toContain("selfsubjectreviews.authentication.k8s.io");
    expect(r.stdout).toMatch(/\n +\[\/api\/\*\] +\[\] +\[get\]\n/);
    expect(r.stdout).not.toContain("pods ");
  });
});

describe("kubectl auth whoami (whoami.go)", () => {
  it("prints the admin's kubeadm groups and the impersonated user's", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl auth whoami")).stdout).toBe("ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n");
    expect((await s.run("kubectl auth whoami --as system:serviceaccount:dev:bot")).stdout).toBe(
      "ATTRIBUTE   VALUE\nUsername    system:serviceaccount:dev:bot\nGroups      [system:serviceaccounts system:serviceaccounts:dev system:authenticated]\n",
    );
  });
});
