// kubectl and ResourceQuota / LimitRange: `create quota` byte for byte against the real 1.32 client
// (testdata/record.sh), `get quota` columns (printers.go printResourceQuota), `describe quota`,
// `describe limitrange` and the namespace's quota section (describe.go describeQuota,
// describeLimitRange, DescribeResourceQuotas, DescribeLimitRanges), and admission's refusals as
// kubectl prints them. Expected tables are written from the format strings through Go's tabwriter.
import { describe, expect, it } from "vitest";
import { golden, kubectlSession, recordedError } from "./testing.js";

describe("kubectl create quota (create_quota.go)", () => {
  it.each([
    ["create quota my-quota --hard=cpu=1,memory=1G,pods=2,services=3,replicationcontrollers=2,resourcequotas=1,secrets=5,persistentvolumeclaims=10 --dry-run=client -o yaml", "create-quota.yaml.golden"],
    ["create quota best-effort --hard=pods=100 --scopes=BestEffort --dry-run=client -o yaml", "create-quota-scopes.yaml.golden"],
    ["create quota q --hard=memory=1.5Gi,requests.storage=1024Mi -n dev --dry-run=client -o yaml", "create-quota-ns.yaml.golden"],
    ["create quota q --hard=pods=1,cpu=500m --scopes=NotTerminating,NotBestEffort --dry-run=client -o json", "create-quota.json.golden"],
    ["create quota q --dry-run=client -o yaml", "create-quota-empty.yaml.golden"],
  ])("kubectl %s matches the real client", async (cmd, file) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(golden(file));
  });

  it.each([
    ["create quota q --hard=pods", "create-quota-syntax"],
    ["create quota q --hard=pods=abc", "create-quota-quantity"],
    ["create quota q --hard=pods=1 --scopes=BestEffort,", "create-quota-scope"],
  ])("kubectl %s fails as the real client does", async (cmd, name) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });

  it("a scope kadet does not evaluate is stored with a warning that the quota limits nothing", async () => {
    const r = await kubectlSession().run("kubectl create quota gold --hard=pods=3 --scopes=PriorityClass");
    expect(r).toMatchObject({ stdout: "resourcequota/gold created\n", exitCode: 0 });
    expect(r.stderr).toBe("Warning: kadet does not simulate a ResourceQuota's scopeSelector or the scopes PriorityClass and CrossNamespacePodAffinity: such a quota counts and limits nothing\n");
  });

  it("the alias resourcequota works, and the quota is created without a not-simulated warning", async () => {
    const r = await kubectlSession().run("kubectl create resourcequota q --hard=pods=3");
    expect(r).toMatchObject({ stdout: "resourcequota/q created\n", stderr: "", exitCode: 0 });
  });
});

describe("a quota at work in the sandbox", () => {
  const s = kubectlSession();

  it("get quota: REQUEST and LIMIT columns as used/hard, limits.* apart, names sorted", async () => {
    await s.run("kubectl create namespace team");
    await s.run("kubectl create quota compute -n team --hard=pods=4,requests.cpu=1,requests.memory=1Gi,limits.cpu=2,limits.memory=2Gi");
    await s.run(`cat <<'EOF' | kubectl apply -n team -f -
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: web
    image: nginx
    resources:
      requests: {cpu: 250m, memory: 256Mi}
      limits: {cpu: 500m, memory: 512Mi}
EOF`);
    const r = await s.run("kubectl get quota -n team");
    expect(r.stdout.replace(/ \d+s /, " 99s ")).toBe(
      [
        "NAME      AGE   REQUEST                                                       LIMIT",
        "compute   99s   pods: 1/4, requests.cpu: 250m/1, requests.memory: 256Mi/1Gi   limits.cpu: 500m/2, limits.memory: 512Mi/2Gi",
        "",
      ].join("\n"),
    );
  });

  it("a pod without limits is refused with the quota's words, and kubectl prints it as Error from server (Forbidden)", async () => {
    const r = await s.run("kubectl run bare -n team --image=nginx");
    expect(r).toMatchObject({
      stderr: 'Error from server (Forbidden): pods "bare" is forbidden: failed quota: compute: must specify limits.cpu for: bare; limits.memory for: bare; requests.cpu for: bare; requests.memory for: bare\n',
      exitCode: 1,
    });
  });

  it("describe quota: Used and Hard per resource", async () => {
    expect((await s.run("kubectl describe quota compute -n team")).stdout).toBe(
      [
        "Name:            compute",
        "Namespace:       team",
        "Resource         Used   Hard",
        "--------         ----   ----",
        "limits.cpu       500m   2",
        "limits.memory    512Mi  2Gi",
        "pods             1      4",
        "requests.cpu     250m   1",
        "requests.memory  256Mi  1Gi",
        "",
      ].join("\n"),
    );
  });

  it("describe quota shows a used value in another notation than hard as a whole number in hard's (describeQuota)", async () => {
    await s.run("kubectl create quota mem -n team --hard=requests.memory=2G");
    expect((await s.run("kubectl describe quota mem -n team")).stdout).toContain("requests.memory  268435456  2G\n");
  });

  it("describe quota with scopes: each scope's help text", async () => {
    await s.run("kubectl create quota be -n team --hard=pods=10 --scopes=NotTerminating,BestEffort");
    expect((await s.run("kubectl describe quota be -n team")).stdout).toBe(
      [
        "Name:       be",
        "Namespace:  team",
        "Scopes:     BestEffort, NotTerminating",
        " * Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
        " * Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
        // The " * " lines have no tab: they end the column block, so the table aligns on its own.
        "Resource  Used  Hard",
        "--------  ----  ----",
        "pods      0     10",
        "",
      ].join("\n"),
    );
  });

  it("describe limitrange: one row per resource, - where a column is unset, defaults filled from max", async () => {
    await s.run(`cat <<'EOF' | kubectl apply -n team -f -
apiVersion: v1
kind: LimitRange
metadata: {name: limits}
spec:
  limits:
  - type: Container
    max: {cpu: "1"}
    defaultRequest: {memory: 128Mi}
    default: {memory: 256Mi}
  - type: PersistentVolumeClaim
    max: {storage: 2Gi}
EOF`);
    expect((await s.run("kubectl describe limitrange limits -n team")).stdout).toBe(
      [
        "Name:                  limits",
        "Namespace:             team",
        "Type                   Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio",
        "----                   --------  ---  ---  ---------------  -------------  -----------------------",
        "Container              cpu       -    1    1                1              -",
        "Container              memory    -    -    128Mi            256Mi          -",
        "PersistentVolumeClaim  storage   -    2Gi  -                -              -",
        "",
      ].join("\n"),
    );
  });

  it("describe namespace lists the quotas and the limit ranges", async () => {
    const out = (await s.run("kubectl describe namespace team")).stdout;
    // The scopes' help lines have no tab and so end a column block: the rows before and after align apart.
    expect(out).toContain(
      [
        "Resource Quotas",
        "  Name:    be",
        "  Scopes:  BestEffort, NotTerminating",
        "  * Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
        "  * Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
        "  Resource         Used  Hard",
        "  --------         ---   ---",
        "  pods             0     10",
        "  Name:            compute",
        "  Resource         Used   Hard",
        "  --------         ---    ---",
        "  limits.cpu       500m   2",
      ].join("\n"),
    );
    expect(out).toContain(
      [
        "Resource Limits",
        " Type                   Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio",
        " ----                   --------  ---  ---  ---------------  -------------  -----------------------",
        " Container              cpu       -    1    1                1              -",
      ].join("\n"),
    );
  });

  it("a Deployment whose pods the quota refuses: the ReplicaSet's FailedCreate event carries the message", async () => {
    await s.run("kubectl create namespace tight");
    await s.run("kubectl create quota pods -n tight --hard=pods=1");
    await s.run("kubectl create deployment web -n tight --image=nginx --replicas=2");
    const pods = await s.run("kubectl get pods -n tight -o name");
    expect(pods.stdout.trim().split("\n")).toHaveLength(1);
    const events = await s.run("kubectl get events -n tight --field-selector reason=FailedCreate -o jsonpath='{.items[0].message}'");
    expect(events.stdout).toMatch(/^Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1$/);
    // deployment_controller getReplicaFailures: the new ReplicaSet's ReplicaFailure condition, copied.
    const condition = await s.run("kubectl get deploy web -n tight -o jsonpath='{.status.conditions[?(@.type==\"ReplicaFailure\")].reason}'");
    expect(condition.stdout).toBe("FailedCreate");
  });
});
