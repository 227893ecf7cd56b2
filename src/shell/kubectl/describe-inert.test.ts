// `kubectl describe` of the kinds kadet stores but no controller acts on (issue 5 §6: describe says
// what apply/create says), and of DaemonSets. Layouts per kubectl 1.32's pkg/describe/describe.go
// (describeCronJob, describeStatefulSet, describeNetworkPolicy,
// describeIngressV1, describeHorizontalPodAutoscalerV2 (an HPA is acted on now; its describe stays here), describeDaemonSet); expected texts are
// written from their format strings run through Go's tabwriter (padding 2).
import { describe, expect, it } from "vitest";
import type { Session } from "../session.js";
import { kubectlSession } from "./testing.js";

const STATEFULSET =
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  replicas: 2\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: c, image: redis}]\n  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n";

const CRONJOB =
    'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: tick}\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: c, image: busybox}]\n';

const MANIFESTS: Record<string, string> = {
  networkpolicy:
    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-from-web}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: web}}}, {ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]\n    ports: [{port: 6379}]\n  - {}\n",
  ingress:
    "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  tls: [{hosts: [shop.example.com], secretName: shop-tls}]\n  rules:\n  - host: shop.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {name: http}}}}\n",
};

/** An HPA whose target does not exist: the controller (now simulated) reports it cannot get its scale. */
const HPA_MANIFEST =
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 1\n  maxReplicas: 5\n  metrics:\n  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}\n";

async function apply(s: Session, yaml: string) {
  return s.run(`cat <<'EOF' | kubectl apply -f -\n${yaml}EOF`);
}

async function creation(s: Session, what: string): Promise<number> {
  return Date.parse((await s.run(`kubectl get ${what} -o jsonpath={.metadata.creationTimestamp}`)).stdout);
}
const rfc1123z = (t: number) => new Date(t).toUTCString().replace("GMT", "+0000");

describe("describe of a kind kadet stores but does not act on", () => {
  it.each(Object.keys(MANIFESTS))("%s: the apply warning again, on stderr before the output, and the object described", async (kind) => {
    const s = kubectlSession();
    const applied = await apply(s, MANIFESTS[kind]!);
    expect(applied.stderr).toMatch(/^Warning: kadet does not simulate \w+ yet: the object is stored, but .+\n$/);
    const r = await s.run(`kubectl describe ${kind}`);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(applied.stderr);
    expect(r.stdout).toMatch(/^Name:/);
  });

  it("the warning comes once per kind, and not for kinds a controller runs", async () => {
    const s = kubectlSession();
    await apply(s, MANIFESTS.networkpolicy!);
    await apply(s, MANIFESTS.networkpolicy!.replace("name: db-from-web", "name: twice"));
    await s.run("kubectl create deployment web --image=nginx");
    const r = await s.run("kubectl describe networkpolicies,deployments");
    expect(r.stderr).toBe("Warning: kadet does not simulate NetworkPolicies yet: the object is stored, but traffic is not filtered by it\n");
    expect(r.stdout.match(/^Name:/gm)).toHaveLength(3);
    expect((await s.run("kubectl describe deployment web")).stderr).toBe("");
  });

  it("a HorizontalPodAutoscaler is acted on now (horizontal-pod-autoscaler.ts): no warning", async () => {
    const s = kubectlSession();
    const r = await apply(s, HPA_MANIFEST);
    expect(r.stdout).toBe("horizontalpodautoscaler.autoscaling/web created\n");
    expect(r.stderr).toBe("");
    expect((await s.run("kubectl get hpa -o name")).stdout).toBe("horizontalpodautoscaler.autoscaling/web\n");
  });

  it("describe cronjob: Suspend through printBoolPtr (False), the job template's unset fields (describeCronJob)", async () => {
    const s = kubectlSession();
    await apply(s, CRONJOB);
    const lines = (await s.run("kubectl describe cronjob tick")).stdout.split("\n");
    expect(lines.slice(0, 13)).toEqual([
      "Name:                          tick",
      "Namespace:                     default",
      "Labels:                        <none>",
      "Annotations:                   <none>",
      "Schedule:                      */5 * * * *",
      "Concurrency Policy:            Allow",
      "Suspend:                       False",
      "Successful Job History Limit:  3",
      "Failed Job History Limit:      1",
      "Starting Deadline Seconds:     <unset>",
      "Selector:                      <unset>",
      "Parallelism:                   <unset>",
      "Completions:                   <unset>",
    ]);
    expect(lines.slice(-5)).toEqual(["  Tolerations:       <none>", "Last Schedule Time:  <unset>", "Active Jobs:         <none>", "Events:              <none>", ""]);
  });

  // The controller runs it now, and the storage model provisions its claims (local-path is the default
  // class): db-0 runs, and db-1 (created once db-0 is Ready, OrderedReady) waits for its own claim.
  it("describe statefulset: partition under the strategy, volume claim templates (describeStatefulSet)", async () => {
    const s = kubectlSession();
    await apply(s, STATEFULSET);
    const r = await s.run("kubectl describe sts db --show-events=false");
    const created = rfc1123z(await creation(s, "sts db"));
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 11)).toEqual([
      "Name:               db",
      "Namespace:          default",
      `CreationTimestamp:  ${created}`,
      "Selector:           app=db",
      "Labels:             <none>",
      "Annotations:        <none>",
      "Replicas:           2 desired | 2 total",
      "Update Strategy:    RollingUpdate",
      "  Partition:        0",
      "Pods Status:        1 Running / 1 Waiting / 0 Succeeded / 0 Failed",
      "Pod Template:",
    ]);
    expect(lines.slice(-8)).toEqual([
      "Volume Claims:",
      "  Name:          data",
      "  StorageClass:  ",
      "  Labels:        <none>",
      "  Annotations:   <none>",
      "  Capacity:      1Gi",
      "  Access Modes:  [ReadWriteOnce]",
      "",
    ]);
  });

  it("describe networkpolicy: policyTypes and port protocols defaulted as the API server does (SetDefaults_NetworkPolicy)", async () => {
    const s = kubectlSession();
    await apply(s, MANIFESTS.networkpolicy!);
    const created = new Date(await creation(s, "netpol db-from-web")).toISOString().slice(0, 19).replace("T", " ");
    expect((await s.run("kubectl get netpol db-from-web -o jsonpath={.spec.policyTypes}{.spec.ingress[0].ports[0].protocol}")).stdout).toBe('["Ingress"]TCP');
    expect((await s.run("kubectl describe netpol db-from-web")).stdout).toBe(
      [
        "Name:         db-from-web",
        "Namespace:    default",
        `Created on:   ${created} +0000 UTC`,
        "Labels:       <none>",
        "Annotations:  <none>",
        "Spec:",
        "  PodSelector:     app=db",
        "  Allowing ingress traffic:",
        "    To Port: 6379/TCP",
        "    From:",
        "      PodSelector: app=web",
        "    From:",
        "      IPBlock:",
        "        CIDR: 10.0.0.0/8",
        "        Except: 10.1.0.0/16",
        "    ----------",
        "    To Port: <any> (traffic allowed to all ports)",
        "    From: <any> (traffic not restricted by source)",
        "  Not affecting egress traffic",
        "  Policy Types: Ingress",
        "",
      ].join("\n"),
    );
  });

  it("describe ingress: TLS, rules, backends with their ready endpoints or the lookup error (describeIngressV1)", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx --replicas=2");
    await s.run("kubectl expose deployment web --port=80");
    await apply(s, MANIFESTS.ingress!);
    await s.run("sleep 20");
    const ips = (await s.run("kubectl get endpoints web -o jsonpath={range.subsets[*].addresses[*]}{.ip}:80,{end}")).stdout.replace(/,$/, "");
    expect(ips.split(",")).toHaveLength(2);
    expect((await s.run("kubectl describe ingress web")).stdout).toBe(
      [
        "Name:             web",
        "Labels:           <none>",
        "Namespace:        default",
        "Address:          ",
        "Ingress Class:    <none>",
        "Default backend:  <default>",
        "TLS:",
        "  shop-tls terminates shop.example.com",
        "Rules:",
        "  Host              Path  Backends",
        "  ----              ----  --------",
        "  shop.example.com  ",
        `                    /      web:80 (${ips})`,
        `                    /api   api:http (<error: services "api" not found>)`,
        "Annotations:        <none>",
        "Events:             <none>",
        "",
      ].join("\n"),
    );
  });

  it("describe hpa: the metric with an unknown current value and the controller's FailedGetScale (describeHorizontalPodAutoscalerV2)", async () => {
    const s = kubectlSession();
    await apply(s, HPA_MANIFEST);
    const created = rfc1123z(await creation(s, "hpa web"));
    const lines = (await s.run("kubectl describe hpa web")).stdout.split("\n");
    expect(lines.slice(0, 11)).toEqual([
      "Name:                                                  web",
      "Namespace:                                             default",
      "Labels:                                                <none>",
      "Annotations:                                           <none>",
      `CreationTimestamp:                                     ${created}`,
      "Reference:                                             Deployment/web",
      "Metrics:                                               ( current / target )",
      "  resource cpu on pods  (as a percentage of request):  <unknown> / 50%",
      "Min replicas:                                          1",
      "Max replicas:                                          5",
      "Deployment pods:                                       0 current / 0 desired",
    ]);
    expect(lines.slice(11, 15)).toEqual([
      "Conditions:",
      "  Type         Status  Reason          Message",
      "  ----         ------  ------          -------",
      '  AbleToScale  False   FailedGetScale  the HPA controller was unable to get the target\'s current scale: deployments.apps "web" not found',
    ]);
    expect(lines.find((l) => l.includes("FailedGetScale") && l.includes("horizontal-pod-autoscaler"))).toMatch(/Warning +FailedGetScale +\S+ +horizontal-pod-autoscaler +deployments.apps "web" not found/);
  });
});

describe("kubectl describe daemonset (describeDaemonSet)", () => {
  it("prints the scheduling counts outside the tab columns and the owned pods by phase", async () => {
    const s = kubectlSession();
    const r0 = await apply(
      s,
      "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, labels: {team: infra}}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      nodeSelector: {kubernetes.io/os: linux}\n      containers: [{name: c, image: busybox}]\n",
    );
    expect(r0.stderr).toBe("");
    await s.run("sleep 30");
    const status = JSON.parse((await s.run("kubectl get ds agent -o jsonpath={.status}")).stdout) as Record<string, number>;
    const running = (await s.run("kubectl get pods -l app=agent --field-selector status.phase=Running -o name")).stdout.trim().split("\n").length;
    const r = await s.run("kubectl describe ds agent --show-events=false");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      [
        "Name:           agent",
        "Selector:       app=agent",
        "Node-Selector:  kubernetes.io/os=linux",
        "Labels:         team=infra",
        "Annotations:    <none>",
        `Desired Number of Nodes Scheduled: ${status.desiredNumberScheduled}`,
        `Current Number of Nodes Scheduled: ${status.currentNumberScheduled}`,
        `Number of Nodes Scheduled with Up-to-date Pods: ${status.updatedNumberScheduled ?? 0}`,
        `Number of Nodes Scheduled with Available Pods: ${status.numberAvailable ?? 0}`,
        `Number of Nodes Misscheduled: ${status.numberMisscheduled}`,
        `Pods Status:  ${running} Running / 0 Waiting / 0 Succeeded / 0 Failed`,
        "Pod Template:",
        "  Labels:  app=agent",
        "  Containers:",
        "   c:",
        "    Image:         busybox",
        "    Port:          <none>",
        "    Host Port:     <none>",
        "    Environment:   <none>",
        "    Mounts:        <none>",
        "  Volumes:         <none>",
        "  Node-Selectors:  kubernetes.io/os=linux",
        "  Tolerations:     <none>",
        "",
      ].join("\n"),
    );
    expect(running).toBeGreaterThan(0);
  });

  it("with events, the daemonset controller's SuccessfulCreate lines", async () => {
    const s = kubectlSession();
    await apply(s, "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: c, image: busybox}]\n");
    await s.run("sleep 10");
    const r = await s.run("kubectl describe daemonsets");
    expect(r.stdout).toMatch(/\nEvents:\n  Type +Reason +Age +From +Message\n/);
    expect(r.stdout).toMatch(/ {2}Normal {2}SuccessfulCreate {2}\d+s {3}daemonset-controller {2}Created pod: agent-\w{5}\n/);
  });
});
