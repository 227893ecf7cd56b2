/**
 * Pod Security admission through kubectl, with the words of the docs'
 * tutorials ("Apply Pod Security Standards at the Namespace Level",
 * "Enforce Pod Security Standards with Namespace Labels") and of
 * kubernetes/pod-security-admission admission/admission.go: enforce refuses
 * pods, warn prints `Warning: would violate PodSecurity ...`, workloads get
 * warnings (their pods are refused when the controller creates them), and
 * raising a namespace's enforce level warns about the pods already there.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";
import type { Session } from "../session.js";

const NGINX = `apiVersion: v1
kind: Pod
metadata: {name: nginx}
spec:
  containers:
  - {image: nginx, name: nginx, ports: [{containerPort: 80}]}
`;

const HARDENED = `apiVersion: v1
kind: Pod
metadata: {name: hardened}
spec:
  securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: app
    image: busybox:1.36
    command: [sleep, "3600"]
    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
`;

// The docs' message for the nginx example in a restricted namespace (kubernetes.io/docs/tutorials/security/ns-level-pss/).
const RESTRICTED_NGINX =
  'allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

let s: Session;
beforeAll(async () => {
  s = kubectlSession();
  await s.run(`cat > p.yaml <<'EOF'\n${NGINX}EOF`);
  await s.run(`cat > hardened.yaml <<'EOF'\n${HARDENED}EOF`);
  await s.run(`cat > deploy.yaml <<'EOF'\n${DEPLOYMENT}EOF`);
});

describe("enforce", () => {
  it("refuses a pod that violates the level, with every failed check and kubectl's 'error when creating'", async () => {
    await s.run("kubectl create namespace locked");
    expect((await s.run("kubectl label ns locked pod-security.kubernetes.io/enforce=restricted")).stdout).toBe("namespace/locked labeled\n");
    expect(await s.run("kubectl apply -n locked -f p.yaml")).toEqual({
      stdout: "",
      stderr: `Error from server (Forbidden): error when creating "p.yaml": pods "nginx" is forbidden: violates PodSecurity "restricted:latest": ${RESTRICTED_NGINX}\n`,
      exitCode: 1,
    });
  });
  it("admits a pod that meets restricted; it runs as the user it names", async () => {
    const r = await s.run("kubectl apply -n locked -f hardened.yaml");
    expect(r.stdout).toBe("pod/hardened created\n");
    expect(r.stderr).not.toContain("PodSecurity");
    await s.run("sleep 10");
    expect((await s.run("kubectl exec -n locked hardened -- id")).stdout).toBe("uid=1000 gid=0(root) groups=0(root)\n");
  });
  it("baseline refuses privileged pods and host namespaces; enforce-version pins the checks", async () => {
    await s.run("kubectl create ns base");
    await s.run("kubectl label ns base pod-security.kubernetes.io/enforce=baseline pod-security.kubernetes.io/enforce-version=v1.32");
    const r = await s.run("kubectl run priv -n base --image=nginx --privileged");
    expect(r.stderr).toBe('Error from server (Forbidden): pods "priv" is forbidden: violates PodSecurity "baseline:v1.32": privileged (container "priv" must not set securityContext.privileged=true)\n');
    await s.run(`cat > host.yaml <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata: {name: host}\nspec:\n  hostNetwork: true\n  volumes: [{name: root, hostPath: {path: /}}]\n  containers: [{name: c, image: nginx, ports: [{containerPort: 80, hostPort: 8080}]}]\nEOF`);
    expect((await s.run("kubectl apply -n base -f host.yaml")).stderr).toBe(
      'Error from server (Forbidden): error when creating "host.yaml": pods "host" is forbidden: violates PodSecurity "baseline:v1.32": host namespaces (hostNetwork=true), hostPath volumes (volume "root"), hostPort (container "c" uses hostPort 8080)\n',
    );
  });
  it("a Deployment is admitted with a warning (warn follows enforce); its ReplicaSet cannot create the pods", async () => {
    const r = await s.run("kubectl apply -n locked -f deploy.yaml");
    expect(r.stdout).toBe("deployment.apps/web created\n");
    expect(r.stderr).toBe(`Warning: would violate PodSecurity "restricted:latest": ${RESTRICTED_NGINX.replaceAll('"nginx"', '"web"')}\n`);
    await s.run("sleep 5");
    expect((await s.run("kubectl get pods -n locked -l app=web")).stderr).toBe("No resources found in locked namespace.\n");
    const events = (await s.run("kubectl get events -n locked --field-selector reason=FailedCreate -o jsonpath={.items[0].message}")).stdout;
    expect(events).toMatch(/^Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
    // The work queue backs off (5 ms doubling): about ten tries in the first five seconds, not one per pass.
    const tries = (await s.run("kubectl get events -n locked --field-selector reason=FailedCreate -o name")).stdout.trim().split("\n").length;
    expect(tries).toBeGreaterThan(3);
    expect(tries).toBeLessThan(14);
  });
});

describe("warn", () => {
  it("admits the pod and prints kubectl's Warning line before the result", async () => {
    await s.run("kubectl create ns loose");
    await s.run("kubectl label ns loose pod-security.kubernetes.io/warn=restricted");
    expect(await s.run("kubectl apply -n loose -f p.yaml")).toEqual({
      stdout: "pod/nginx created\n",
      stderr: `Warning: would violate PodSecurity "restricted:latest": ${RESTRICTED_NGINX}\n`,
      exitCode: 0,
    });
  });
  it("server-side dry-run warns too, and a create of a compliant pod is silent", async () => {
    expect((await s.run("kubectl run dry -n loose --image=nginx --dry-run=server")).stderr).toMatch(/^Warning: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
    expect((await s.run("kubectl apply -n loose -f hardened.yaml")).stderr).not.toMatch(/PodSecurity/);
  });
});

describe("labelling a namespace (ValidateNamespace)", () => {
  it("a stricter enforce level warns about existing pods, grouped by their failed checks", async () => {
    await s.run("kubectl create ns old");
    await s.run("kubectl run a -n old --image=nginx");
    await s.run("kubectl run b -n old --image=nginx");
    const r = await s.run("kubectl label ns old pod-security.kubernetes.io/enforce=restricted");
    expect(r).toEqual({
      stdout: "namespace/old labeled\n",
      stderr:
        'Warning: existing pods in namespace "old" violate the new PodSecurity enforce level "restricted:latest"\n' +
        "Warning: a (and 1 other pod): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile\n",
      exitCode: 0,
    });
    // The pods keep running: enforcement applies to new pods only.
    expect((await s.run("kubectl get pod a -n old -o jsonpath={.metadata.name}")).stdout).toBe("a");
    // Lowering the level, or labelling again at the same level, checks nothing.
    expect((await s.run("kubectl label ns old pod-security.kubernetes.io/enforce=baseline --overwrite")).stderr).toBe("");
  });
  it("an unknown level or version is refused as Invalid in the namespace's labels", async () => {
    const r = await s.run("kubectl label ns old pod-security.kubernetes.io/enforce=strict --overwrite");
    expect(r.stderr).toBe('The Namespace "old" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted\n');
    expect((await s.run("kubectl create ns v -o name --dry-run=server")).exitCode).toBe(0);
  });

  it("audit mode: the label is stored, and kadet says it keeps no audit log (audit annotations are only in the API server's audit events)", async () => {
    const s = await kubectlSession();
    await s.run("kubectl create ns audited");
    const labelled = await s.run("kubectl label ns audited pod-security.kubernetes.io/audit=restricted");
    expect(labelled.stdout).toBe("namespace/audited labeled\n");
    expect(labelled.exitCode).toBe(0);
    expect(labelled.stderr).toMatch(/^Warning: kadet does not simulate Pod Security's audit mode: the pod-security\.kubernetes\.io\/audit label is stored, but kadet's API server keeps no audit log/);
    expect((await s.run("kubectl get ns audited -o jsonpath='{.metadata.labels.pod-security\\.kubernetes\\.io/audit}'")).stdout).toBe("restricted");
    // A violating pod is admitted without a word, as audit never refuses nor warns.
    expect(await s.run("kubectl -n audited run p --image=nginx")).toEqual({ stdout: "pod/p created\n", stderr: "", exitCode: 0 });
    const applied = await s.run("kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: audited2\n  labels:\n    pod-security.kubernetes.io/audit: baseline\nEOF");
    expect(applied.stdout).toBe("namespace/audited2 created\n");
    expect(applied.stderr).toContain("Warning: kadet does not simulate Pod Security's audit mode");
  });
});
