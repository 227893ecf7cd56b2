// `kubectl expose` against objects and errors recorded from the real kubectl 1.32 client
// (testdata/record.sh: `expose -f FILE` uses the file's object without fetching it, so it
// records without a cluster), the upstream source where it needs a server, and the live
// model afterwards (Service created, Endpoints for the selected pods).
// https://kubernetes.io/docs/reference/kubectl/generated/kubectl_expose/
// Source: staging/src/k8s.io/kubectl/pkg/cmd/expose/expose.go, pkg/polymorphichelpers.
import { describe, expect, it } from "vitest";
import { canBeExposed, mapBasedSelectorForObject } from "./expose.js";
import { golden, kubectlSession, maskKlog, recordedError } from "./testing.js";

describe("kubectl expose -f: the Service the client builds (expose.go createService)", () => {
  it.each([
    ["expose-deploy.yaml -o yaml", "expose-deploy-ports.yaml.golden"],
    ["expose-deploy.yaml --port=8080 --target-port=80 --name=x --type=NodePort -o yaml", "expose-deploy-flags.yaml.golden"],
    ["expose-deploy.yaml --port=8080 -o json", "expose-deploy-port.json.golden"],
    ["expose-deploy.yaml --port=80 --selector=a=b,c=d --labels=x=y -o yaml", "expose-deploy-selector.yaml.golden"],
    ["expose-deploy.yaml --port=80,81 -o yaml", "expose-deploy-portlist.yaml.golden"],
    ["expose-deploy.yaml --port=80", "expose.dryrun.golden"],
    ["expose-pod.yaml -o yaml", "expose-pod-protocols.yaml.golden"],
    ["expose-pod.yaml --protocol=SCTP -o yaml", "expose-pod-sctp.yaml.golden"],
    ["expose-svc.yaml -o yaml", "expose-svc.yaml.golden"],
    ["expose-noport.yaml --cluster-ip=None -o yaml", "expose-headless.yaml.golden"],
  ])("kubectl expose -f %s --dry-run=client matches %s", async (args, file) => {
    const r = await kubectlSession().run(`kubectl expose -f ${args} --dry-run=client`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(golden(file));
  });
});

describe("kubectl expose: client-side errors recorded from kubectl 1.32", () => {
  it.each([
    ["-f expose-noport.yaml", "expose-no-port"],
    ["-f expose-expr.yaml", "expose-expressions"],
    ["-f expose-ns.yaml --port=80", "expose-namespace"],
    ["-f expose-deploy.yaml --port=80 --selector=a", "expose-bad-selector"],
    ["-f expose-deploy.yaml --port=80 --labels=a", "expose-bad-labels"],
    ["-f expose-deploy.yaml --port=abc", "expose-bad-port"],
    ["-f expose-deploy.yaml --port=80 --session-affinity=foo", "expose-bad-affinity"],
    ["", "expose-no-args"],
    ["deployment", "expose-type-only"],
  ])("kubectl expose %s", async (args, name) => {
    const r = await kubectlSession().run(`kubectl expose ${args} --dry-run=client`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});

describe("polymorphichelpers wording (canbeexposed.go, mapbasedselectorforobject.go)", () => {
  it("canBeExposed names the GroupKind as schema.GroupKind.String() does", () => {
    expect(canBeExposed({ group: "", kind: "Node" })).toBe("cannot expose a Node");
    expect(canBeExposed({ group: "apps", kind: "DaemonSet" })).toBe("cannot expose a DaemonSet.apps");
    expect(canBeExposed({ group: "apps", kind: "ReplicaSet" })).toBeUndefined();
  });
  it("selectors: pods need labels, services a selector, apps/v1 workloads matchLabels", () => {
    expect(mapBasedSelectorForObject({ kind: "Pod", apiVersion: "v1", metadata: { name: "p" } })).toEqual({ ok: false, error: "the pod has no labels and cannot be exposed" });
    expect(mapBasedSelectorForObject({ kind: "Service", apiVersion: "v1", metadata: { name: "s" }, spec: {} })).toEqual({ ok: false, error: "the service has no pod selector set" });
    expect(mapBasedSelectorForObject({ kind: "ReplicaSet", apiVersion: "apps/v1", metadata: { name: "r" }, spec: { selector: {} } })).toEqual({
      ok: false,
      error: "invalid replicaset: no selectors, therefore cannot be exposed",
    });
  });
});

describe("kubectl expose: live objects and the world afterwards", () => {
  it("deployment web --port=80 on 2 nginx replicas: service/web exposed, Endpoints list both pods on port 80, describe shows them", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx --replicas=2");
    await s.run("sleep 30");
    const r = await s.run("kubectl expose deployment web --port=80");
    expect(r).toMatchObject({ stdout: "service/web exposed\n", stderr: "", exitCode: 0 });
    await s.run("sleep 5");
    const pods = JSON.parse((await s.run("kubectl get pods -l app=web -o json")).stdout).items as { status: { podIP: string } }[];
    const ips = pods.map((p) => p.status.podIP).sort();
    expect(ips).toHaveLength(2);
    const ep = JSON.parse((await s.run("kubectl get ep web -o json")).stdout);
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets[0].addresses.map((a: { ip: string }) => a.ip).sort()).toEqual(ips);
    expect(ep.subsets[0].ports).toEqual([{ port: 80, protocol: "TCP" }]);
    expect((await s.run("kubectl get ep web --no-headers")).stdout).toMatch(new RegExp(`^web\\s+${ips.map((ip) => `${ip.replaceAll(".", "\\.")}:80`).join(",")}\\s`));
    const described = (await s.run("kubectl describe svc web")).stdout;
    expect(described).toMatch(/^Selector: +app=web$/m);
    expect(described).toMatch(new RegExp(`^Endpoints: +${ips.map((ip) => `${ip.replaceAll(".", "\\.")}:80`).join(",")}$`, "m"));
    // The Service's labels are the deployment's labels; its port is unnamed and targets 80.
    const svc = JSON.parse((await s.run("kubectl get svc web -o json")).stdout);
    expect(svc.metadata.labels).toEqual({ app: "web" });
    expect(svc.spec.ports).toEqual([{ port: 80, protocol: "TCP", targetPort: 80 }]);
  });

  it("the port comes from the pod template when --port is absent; TYPE/NAME form, --name, --type=NodePort, --target-port", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment api --image=nginx --port=80");
    expect((await s.run("kubectl expose deployment/api --name=api-np --type=NodePort --target-port=http")).stdout).toBe("service/api-np exposed\n");
    const svc = JSON.parse((await s.run("kubectl get svc api-np -o json")).stdout);
    expect(svc.spec.type).toBe("NodePort");
    expect(svc.spec.ports[0]).toMatchObject({ port: 80, targetPort: "http", protocol: "TCP" });
    expect(svc.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
  });

  it("expose pod, rs and svc: selectors from the pod's labels, the replicaset's matchLabels, the service's selector", async () => {
    const s = kubectlSession();
    await s.run("kubectl run solo --image=nginx --labels=app=solo,tier=fe --port=80");
    expect((await s.run("kubectl expose pod solo")).stdout).toBe("service/solo exposed\n");
    const podSvc = JSON.parse((await s.run("kubectl get svc solo -o json")).stdout);
    expect(podSvc.spec.selector).toEqual({ app: "solo", tier: "fe" });
    expect(podSvc.metadata.labels).toEqual({ app: "solo", tier: "fe" });

    await s.run("kubectl create deployment web --image=nginx");
    await s.run("sleep 10");
    const rs = JSON.parse((await s.run("kubectl get rs -l app=web -o json")).stdout).items[0];
    expect((await s.run(`kubectl expose rs ${rs.metadata.name} --port=8080 --name=web-rs`)).stdout).toBe("service/web-rs exposed\n");
    const rsSvc = JSON.parse((await s.run("kubectl get svc web-rs -o json")).stdout);
    expect(rsSvc.spec.selector).toEqual(rs.spec.selector.matchLabels);

    expect((await s.run("kubectl expose svc web-rs --port=443 --target-port=8443 --name=web-https")).stdout).toBe("service/web-https exposed\n");
    const svcSvc = JSON.parse((await s.run("kubectl get svc web-https -o json")).stdout);
    expect(svcSvc.spec.selector).toEqual(rsSvc.spec.selector);
    expect(svcSvc.spec.ports[0]).toMatchObject({ port: 443, targetPort: 8443 });
  });

  it("errors: NotFound from the server, a Node cannot be exposed, no port found, AlreadyExists", async () => {
    const s = kubectlSession();
    const missing = await s.run("kubectl expose deployment nope --port=80");
    expect({ stderr: missing.stderr, exitCode: missing.exitCode }).toEqual({ stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', exitCode: 1 });
    const node = JSON.parse((await s.run("kubectl get nodes -o json")).stdout).items[0].metadata.name;
    expect((await s.run(`kubectl expose node ${node} --port=80`)).stderr).toBe("error: cannot expose a Node\n");
    await s.run("kubectl create deployment bare --image=nginx");
    expect((await s.run("kubectl expose deploy bare")).stderr).toBe("error: couldn't find port via --port flag or introspection\n");
    await s.run("kubectl expose deploy bare --port=80");
    expect((await s.run("kubectl expose deploy bare --port=80")).stderr).toBe('Error from server (AlreadyExists): services "bare" already exists\n');
  });

  it("several names: each exposed in turn; errors collected and printed one a line (cmdutil.MultipleErrors)", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment a --image=nginx --port=80");
    const one = await s.run("kubectl expose deploy a nope");
    expect(one).toMatchObject({ stdout: "service/a exposed\n", stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', exitCode: 1 });
    const two = await s.run("kubectl expose deploy x y --port=80");
    expect(two.stderr).toBe('Error from server (NotFound): deployments.apps "x" not found\nError from server (NotFound): deployments.apps "y" not found\n');
  });

  it("--dry-run alone is deprecated with kubectl's klog warning, and acts as client", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx --port=80");
    const r = await s.run("kubectl expose deploy web --dry-run");
    expect(r.stdout).toBe("service/web exposed (dry run)\n");
    expect(maskKlog(r.stderr)).toBe("WMMDD hh:mm:ss.uuuuuu PID helpers.go:702] --dry-run is deprecated and can be replaced with --dry-run=client.\n");
  });

  it("--dry-run=client creates nothing; --dry-run=server says so", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx");
    expect((await s.run("kubectl expose deploy web --port=80 --dry-run=server")).stdout).toBe("service/web exposed (server dry run)\n");
    expect((await s.run("kubectl expose deploy web --port=80 --dry-run=client")).stdout).toBe("service/web exposed (dry run)\n");
    expect((await s.run("kubectl get svc web")).stderr).toBe('Error from server (NotFound): services "web" not found\n');
  });
});
