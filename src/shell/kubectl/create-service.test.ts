// `kubectl create service clusterip|nodeport` against objects and errors recorded from the real
// kubectl 1.32 client (testdata/record.sh) and the live model afterwards.
// https://kubernetes.io/docs/reference/kubectl/generated/kubectl_create/kubectl_create_service/
// Source: staging/src/k8s.io/kubectl/pkg/cmd/create/create_service.go
import { describe, expect, it } from "vitest";
import { parseTcpSpec } from "./create-service.js";
import { golden, kubectlSession, recordedError } from "./testing.js";

describe("kubectl create service: the object the client builds (create_service.go createService)", () => {
  it.each([
    ["clusterip web --tcp=80:8080 -o yaml", "create-service-clusterip.yaml.golden"],
    ["clusterip web --tcp=80:8080 --tcp=443:8443 -o yaml", "create-service-clusterip-multi.yaml.golden"],
    ["clusterip web --tcp=80,443:https -o yaml", "create-service-clusterip-comma.yaml.golden"],
    ["clusterip web --clusterip=None -o yaml", "create-service-headless.yaml.golden"],
    ["nodeport web --tcp=80:8080 --node-port=30080 -o yaml", "create-service-nodeport.yaml.golden"],
    ["nodeport web --tcp=80:8080 -n dev -o json", "create-service-nodeport.json.golden"],
    ["clusterip web --tcp=80", "create-service.dryrun.golden"],
  ])("kubectl create service %s --dry-run=client matches %s", async (args, file) => {
    const r = await kubectlSession().run(`kubectl create service ${args} --dry-run=client`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(golden(file));
  });

  it("svc is an alias of service", async () => {
    const r = await kubectlSession().run("kubectl create svc clusterip web --tcp=80:8080 --dry-run=client -o yaml");
    expect(r.stdout).toBe(golden("create-service-clusterip.yaml.golden"));
  });
});

describe("kubectl create service: client-side errors recorded from kubectl 1.32", () => {
  it.each([
    ["clusterip web", "create-service-no-tcp"],
    ["nodeport web", "create-service-nodeport-no-tcp"],
    ["clusterip web --tcp=abc", "create-service-bad-port"],
    ["clusterip web --tcp=99999:80", "create-service-port-range"],
    ["clusterip web --tcp=80:0", "create-service-target-range"],
    ["clusterip web --tcp=80:Bad_Name", "create-service-target-name"],
    ["clusterip --tcp=80", "create-service-no-name"],
    ["foo", "create-service-unknown-sub"],
    ["nodeport web --clusterip=None --tcp=80", "create-service-nodeport-clusterip"],
  ])("kubectl create service %s", async (args, name) => {
    const r = await kubectlSession().run(`kubectl create service ${args}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });

  it("loadbalancer and externalname say they are not simulated", async () => {
    const r = await kubectlSession().run("kubectl create service loadbalancer lb --tcp=80");
    expect(r.stderr).toBe("kadet: 'kubectl create service loadbalancer' is not simulated yet\n");
  });
});

describe("parseTcpSpec (create_service.go parsePorts)", () => {
  it("PORT, PORT:NUMBER, PORT:NAME; extra colons ignored as upstream ignores them", () => {
    expect(parseTcpSpec("80")).toEqual({ ok: true, value: { port: 80, targetPort: 80 } });
    expect(parseTcpSpec("80:8080:9")).toEqual({ ok: true, value: { port: 80, targetPort: 8080 } });
    expect(parseTcpSpec("443:https")).toEqual({ ok: true, value: { port: 443, targetPort: "https" } });
    // utilsnet.ParsePort(s, allowZero=true) accepts 0; the API server then rejects it.
    expect(parseTcpSpec("0")).toEqual({ ok: true, value: { port: 0, targetPort: 0 } });
  });
  it("errors in strconv's and validation.IsValidPortName's words", () => {
    expect(parseTcpSpec("-1")).toEqual({ ok: false, error: 'strconv.ParseUint: parsing "-1": invalid syntax' });
    expect(parseTcpSpec("80:")).toEqual({
      ok: false,
      error: "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-),must contain at least one letter (a-z)",
    });
  });
});

describe("kubectl create service: the world afterwards", () => {
  it("clusterip: created through the API (defaults filled) and Endpoints list the selected pods", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx --replicas=2");
    expect((await s.run("kubectl create service clusterip web --tcp=80:80")).stdout).toBe("service/web created\n");
    await s.run("sleep 30");
    const svc = JSON.parse((await s.run("kubectl get svc web -o json")).stdout);
    expect(svc.spec).toMatchObject({ type: "ClusterIP", sessionAffinity: "None", selector: { app: "web" }, ports: [{ name: "80-80", port: 80, targetPort: 80, protocol: "TCP" }] });
    expect(svc.spec.clusterIP).toMatch(/^10\.\d+\.\d+\.\d+$/);
    const ep = (await s.run("kubectl get ep web --no-headers")).stdout;
    expect(ep).toMatch(/^web\s+10\.\d+\.\d+\.\d+:80,10\.\d+\.\d+\.\d+:80\s/);
  });

  it("nodeport: --node-port is kept; a second service on it is refused, wrapped as create_service.go Run wraps it", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl create service nodeport np --tcp=80:8080 --node-port=30080")).stdout).toBe("service/np created\n");
    expect((await s.run("kubectl get svc np --no-headers")).stdout).toMatch(/^np\s+NodePort\s+\S+\s+<none>\s+80:30080\/TCP\s/);
    const again = await s.run("kubectl create service nodeport np2 --tcp=80 --node-port=30080");
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toBe('error: failed to create NodePort service: Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n');
    const exists = await s.run("kubectl create service clusterip np --tcp=80");
    expect(exists.stderr).toBe('error: failed to create ClusterIP service: services "np" already exists\n');
  });

  it("nodeport without --node-port gets one allocated from 30000-32767", async () => {
    const s = kubectlSession();
    await s.run("kubectl create service nodeport web --tcp=80:8080");
    const port = JSON.parse((await s.run("kubectl get svc web -o json")).stdout).spec.ports[0].nodePort;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(32767);
  });

  it("headless (--clusterip=None) needs no ports; --dry-run=client creates nothing", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl create service clusterip h --clusterip=None")).stdout).toBe("service/h created\n");
    expect((await s.run("kubectl get svc h --no-headers")).stdout).toMatch(/^h\s+ClusterIP\s+None\s+<none>\s+<none>\s/);
    await s.run("kubectl create service clusterip d --tcp=80 --dry-run=client");
    expect((await s.run("kubectl get svc d")).stderr).toBe('Error from server (NotFound): services "d" not found\n');
  });
});
