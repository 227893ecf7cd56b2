import { describe, expect, it } from "vitest";
import { golden, kubectlSession, recordedError } from "./testing.js";

// Goldens recorded with the real kubectl 1.32 against testdata/fake-discovery-rbac.py (see record.sh).
describe("kubectl create role|clusterrole|rolebinding|clusterrolebinding|serviceaccount matches kubectl 1.32 byte for byte", () => {
  it.each([
    ["create role pod-reader --verb=get,list,watch --resource=pods --dry-run=client -o yaml", "create-role.yaml.golden"],
    ["create role r --verb=get --resource=pods,deployments.apps,pods/log,deployments/scale --resource-name=a --resource-name=b --dry-run=client -o yaml", "create-role-multi.yaml.golden"],
    ["create role x --verb=get,*,list --resource=* -n dev --dry-run=client -o yaml", "create-role-star.yaml.golden"],
    ["create clusterrole c --verb=get --non-resource-url=/healthz --non-resource-url=/logs/* --dry-run=client -o yaml", "create-clusterrole-nonresource.yaml.golden"],
    ["create clusterrole agg --aggregation-rule=foo=bar,a=b --dry-run=client -o yaml", "create-clusterrole-agg.yaml.golden"],
    ["create clusterrole pr --verb=get,list --resource=pods,nodes --dry-run=client -o yaml", "create-clusterrole.yaml.golden"],
    ["create rolebinding rb --role=pod-reader --user=jane --user=bob --group=devs --serviceaccount=default:bot -n dev --dry-run=client -o yaml", "create-rolebinding.yaml.golden"],
    ["create rolebinding rb --clusterrole=view --serviceaccount=prod:bot --dry-run=client -o yaml", "create-rolebinding-clusterrole.yaml.golden"],
    ["create clusterrolebinding crb --clusterrole=view --user=jane --group=g --serviceaccount=default:bot --dry-run=client -o yaml", "create-clusterrolebinding.yaml.golden"],
    ["create serviceaccount bot --dry-run=client -o yaml", "create-serviceaccount.yaml.golden"],
    ["create sa bot -n dev --dry-run=client -o yaml", "create-serviceaccount-ns.yaml.golden"],
    ["create rolebinding rb --role=r --dry-run=client", "create-rolebinding.dryrun.golden"],
  ])("kubectl %s", async (cmd, file) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(golden(file));
  });
  it.each([
    ["create role x --resource=pods", "create-role-no-verb"],
    ["create role x --verb=get", "create-role-no-resource"],
    ["create role x --verb=get --resource=foo", "create-role-unknown-resource"],
    ["create role x --verb=bind --resource=pods", "create-role-bind-pods"],
    ["create role --verb=get --resource=pods", "create-role-no-name"],
    ["create rolebinding rb --user=jane", "create-rolebinding-no-role"],
    ["create rolebinding rb --role=a --clusterrole=b", "create-rolebinding-both"],
    ["create rolebinding rb --role=a --serviceaccount=bot", "create-rolebinding-bad-sa"],
    ["create clusterrole c --verb=list --non-resource-url=/healthz", "create-clusterrole-nonresource-verb"],
    ["create clusterrole c --aggregation-rule=a=b --verb=get --resource=pods", "create-clusterrole-agg-and-verb"],
    ["create clusterrolebinding crb --user=jane", "create-clusterrolebinding-no-role"],
    ["create clusterrole c --verb=get --non-resource-url=healthz", "create-clusterrole-nonresource-bad"],
    ["create token x --duration=1500ms", "create-token-subsecond"],
    ["create token x --duration=-1s", "create-token-negative"],
    ["create token x --duration=abc", "create-token-bad-duration"],
    ["create token", "create-token-no-name"],
  ])("kubectl %s fails as kubectl does", async (cmd, name) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});

describe("RBAC objects created with kubectl take effect", () => {
  it("create sa + role + rolebinding: the ServiceAccount may list pods, its token authenticates as it", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl create sa bot")).stdout).toBe("serviceaccount/bot created\n");
    expect((await s.run("kubectl auth can-i list pods --as system:serviceaccount:default:bot")).stdout).toBe("no\n");
    expect((await s.run("kubectl create role pod-reader --verb=get,list --resource=pods")).stdout).toBe("role.rbac.authorization.k8s.io/pod-reader created\n");
    expect((await s.run("kubectl create rolebinding bot-read --role=pod-reader --serviceaccount=default:bot")).stdout).toBe("rolebinding.rbac.authorization.k8s.io/bot-read created\n");
    expect((await s.run("kubectl auth can-i list pods --as system:serviceaccount:default:bot")).stdout).toBe("yes\n");
    expect((await s.run("kubectl auth can-i delete pods --as system:serviceaccount:default:bot")).stdout).toBe("no\n");
    const token = (await s.run("kubectl create token bot")).stdout.trim();
    expect(token.split(".")).toHaveLength(3);
    expect((await s.run(`kubectl get pods --token ${token}`)).exitCode).toBe(0);
    expect((await s.run(`kubectl get svc --token ${token}`)).stderr).toBe('Error from server (Forbidden): services is forbidden: User "system:serviceaccount:default:bot" cannot list resource "services" in API group "" in the namespace "default"\n');
    // The token is bound to the ServiceAccount's uid: deleting the account invalidates it.
    await s.run("kubectl delete sa bot");
    expect((await s.run(`kubectl get pods --token ${token}`)).stderr).toBe("error: You must be logged in to the server (Unauthorized)\n");
  });
  it("a token expires on the model's clock (--duration)", async () => {
    const s = kubectlSession();
    await s.run("kubectl create sa bot");
    const token = (await s.run("kubectl create token bot --duration=10m")).stdout.trim();
    expect((await s.run(`kubectl auth whoami --token ${token}`)).stdout).toContain("system:serviceaccount:default:bot");
    s.environment.advance(11 * 60);
    expect((await s.run(`kubectl auth whoami --token ${token}`)).exitCode).toBe(1);
  });
});

describe("describe and get of RBAC objects (describe.go RoleDescriber, RoleBindingDescriber)", () => {
  it("describe role lists its compacted rules; describe rolebinding its role and subjects", async () => {
    const s = kubectlSession();
    await s.run("kubectl create role pod-reader --verb=get,list --resource=pods,pods/log");
    await s.run("kubectl create rolebinding read --role=pod-reader --user=jane --serviceaccount=default:bot");
    expect((await s.run("kubectl describe role pod-reader")).stdout).toBe(
      "Name:         pod-reader\nLabels:       <none>\nAnnotations:  <none>\nPolicyRule:\n  Resources  Non-Resource URLs  Resource Names  Verbs\n  ---------  -----------------  --------------  -----\n  pods/log   []                 []              [get list]\n  pods       []                 []              [get list]\n",
    );
    expect((await s.run("kubectl describe rolebinding read")).stdout).toBe(
      "Name:         read\nLabels:       <none>\nAnnotations:  <none>\nRole:\n  Kind:  Role\n  Name:  pod-reader\nSubjects:\n  Kind            Name  Namespace\n  ----            ----  ---------\n  User            jane  \n  ServiceAccount  bot   default\n",
    );
    expect((await s.run("kubectl get rolebinding read -o wide")).stdout).toMatch(/^NAME +ROLE +AGE +USERS +GROUPS +SERVICEACCOUNTS\nread +Role\/pod-reader +\d+s +jane +default\/bot\n$/);
  });
});

describe("a binding's roleRef is immutable (pkg/apis/rbac/validation ValidateRoleBindingUpdate)", () => {
  it("apply with another role is Invalid with the API server's words", async () => {
    const s = kubectlSession();
    await s.run("kubectl create rolebinding jane --clusterrole=view --user=jane");
    await s.run("kubectl create rolebinding jane --clusterrole=edit --user=jane --dry-run=client -o yaml > rb.yaml");
    const r = await s.run("kubectl apply -f rb.yaml");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef');
  });
});
