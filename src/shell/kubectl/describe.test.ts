// `kubectl describe` against the live default cluster. Layout per kubectl's
// staging/src/k8s.io/kubectl/pkg/describe/describe.go (describePod,
// describeDeployment, describeNode, DescribeEvents, describeSecret) and the
// verb per staging/src/k8s.io/kubectl/pkg/cmd/describe/describe.go (Run,
// DescribeMatchingResources). Expected texts are written from those
// functions' format strings run through Go's tabwriter (padding 2).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import type { Pod } from "../../sim/api/types.js";
import { podRequests } from "../../sim/scheduler/resources.js";
import { SchedulerLoop } from "../../sim/world/scheduler-loop.js";
import { kubectlSession, recordedError } from "./testing.js";

const POD = kindNamed("Pod")!;

async function jsonpath(s: ReturnType<typeof kubectlSession>, what: string, path: string): Promise<string> {
  return (await s.run(`kubectl get ${what} -o jsonpath={${path}}`)).stdout;
}

describe("kubectl describe pod (describePod)", () => {
  // DescribeEvents in kubectl 1.32 (staging/src/k8s.io/kubectl/pkg/describe/describe.go) prints
  // strings.TrimSpace(e.Message) alone, without the involved object's fieldPath.
  it("prints a running pod field by field", async () => {
    const s = kubectlSession();
    await s.run("kubectl run web --image=nginx");
    await s.run("sleep 20");
    const cid = await jsonpath(s, "pod web", ".status.containerStatuses[0].containerID");
    const iid = await jsonpath(s, "pod web", ".status.containerStatuses[0].imageID");
    const created = Date.parse(await jsonpath(s, "pod web", ".metadata.creationTimestamp"));
    const started = Date.parse(await jsonpath(s, "pod web", ".status.containerStatuses[0].state.running.startedAt"));
    const node = await jsonpath(s, "pod web", ".spec.nodeName");
    const hostIP = await jsonpath(s, "pod web", ".status.hostIP");
    const podIP = await jsonpath(s, "pod web", ".status.podIP");
    const now = s.world.clock.now();
    const age = (t: number) => `${Math.trunc((now - t) / 1000)}s`;
    const rfc = (t: number) => new Date(t).toUTCString().replace("GMT", "+0000");
    const r = await s.run("kubectl describe pod web");
    // Column widths: "Service Account:" + 2 in the head block; "  PodReadyToStartContainers " + 2 from Conditions to Tolerations.
    const expected = [
      `Name:             web`,
      `Namespace:        default`,
      `Priority:         0`,
      `Service Account:  default`,
      `Node:             ${node}/${hostIP}`,
      `Start Time:       ${rfc(created)}`,
      `Labels:           run=web`,
      `Annotations:      <none>`,
      `Status:           Running`,
      `IP:               ${podIP}`,
      `IPs:`,
      `  IP:  ${podIP}`,
      `Containers:`,
      `  web:`,
      `    Container ID:   ${cid}`,
      `    Image:          nginx`,
      `    Image ID:       ${iid}`,
      `    Port:           <none>`,
      `    Host Port:      <none>`,
      `    State:          Running`,
      `      Started:      ${rfc(started)}`,
      `    Ready:          True`,
      `    Restart Count:  0`,
      `    Environment:    <none>`,
      `    Mounts:         <none>`,
      `Conditions:`,
      `  Type                        Status`,
      `  PodReadyToStartContainers   True `,
      `  Initialized                 True `,
      `  Ready                       True `,
      `  ContainersReady             True `,
      `  PodScheduled                True `,
      `Volumes:                      <none>`,
      `QoS Class:                    BestEffort`,
      `Node-Selectors:               <none>`,
      `Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s`,
      `                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s`,
      `Events:`,
      `  Type    Reason     Age   From               Message`,
      `  ----    ------     ----  ----               -------`,
      `  Normal  Scheduled  ${age(created).padEnd(4)}  default-scheduler  Successfully assigned default/web to ${node}`,
      `  Normal  Pulling    ${age(created).padEnd(4)}  kubelet            Pulling image "nginx"`,
    ].join("\n");
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith(expected + "\n")).toBe(true);
    expect(r.stdout).toMatch(/\n {2}Normal {2}Started {4}\d+s +kubelet +Started container web\n$/);
  });

  it("a Pending pod shows the scheduler's FailedScheduling message verbatim", async () => {
    const s = kubectlSession();
    const created = s.world.api.create<Pod>(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "big" }, spec: { containers: [{ name: "big", image: "nginx", resources: { requests: { cpu: "5" } } }] } }, "default");
    expect(created.ok).toBe(true);
    await s.run("sleep 5");
    const uid = (s.world.api.find(POD, "default", "big") as Pod).metadata.uid;
    const decision = s.world.loopsOfType(SchedulerLoop)!.decisions.get(uid)!;
    expect(decision.outcome).toBe("Unschedulable");
    const r = await s.run("kubectl describe pod big");
    expect(r.stdout).toContain("Node:             <none>\n");
    expect(r.stdout).toContain("Status:           Pending\n");
    expect(r.stdout).toContain("Conditions:\n  Type           Status\n  PodScheduled   False \n");
    expect(r.stdout).toMatch(new RegExp(`\\n  Warning  FailedScheduling  \\d+s +default-scheduler  ${decision.message!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n$`));
  });

  it("--show-events=false leaves the Events section out", async () => {
    const s = kubectlSession();
    await s.run("kubectl run web --image=nginx");
    const r = await s.run("kubectl describe pod web --show-events=false");
    expect(r.stdout).not.toContain("Events:");
    expect(r.stdout).toMatch(/Tolerations: +node\.kubernetes\.io\/not-ready:NoExecute op=Exists for 300s\n +node\.kubernetes\.io\/unreachable:NoExecute op=Exists for 300s\n$/);
  });
});

describe("kubectl describe deployment (describeDeployment)", () => {
  it("prints replicas, strategy, template, conditions and ReplicaSets", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment api --image=nginx --replicas=3");
    await s.run("sleep 20");
    const rs = (await s.run("kubectl get rs -l app=api -o name")).stdout.trim().replace("replicaset.apps/", "");
    const created = Date.parse(await jsonpath(s, "deploy api", ".metadata.creationTimestamp"));
    const rfc = (t: number) => new Date(t).toUTCString().replace("GMT", "+0000");
    const r = await s.run("kubectl describe deployment api");
    const expected = [
      `Name:                   api`,
      `Namespace:              default`,
      `CreationTimestamp:      ${rfc(created)}`,
      `Labels:                 app=api`,
      `Annotations:            deployment.kubernetes.io/revision: 1`,
      `Selector:               app=api`,
      `Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable`,
      `StrategyType:           RollingUpdate`,
      `MinReadySeconds:        0`,
      `RollingUpdateStrategy:  25% max unavailable, 25% max surge`,
      `Pod Template:`,
      `  Labels:  app=api`,
      `  Containers:`,
      `   nginx:`,
      `    Image:         nginx`,
      `    Port:          <none>`,
      `    Host Port:     <none>`,
      `    Environment:   <none>`,
      `    Mounts:        <none>`,
      `  Volumes:         <none>`,
      `  Node-Selectors:  <none>`,
      `  Tolerations:     <none>`,
      `Conditions:`,
      `  Type           Status  Reason`,
      `  ----           ------  ------`,
      `  Available      True    MinimumReplicasAvailable`,
      `  Progressing    True    NewReplicaSetAvailable`,
      `OldReplicaSets:  <none>`,
      `NewReplicaSet:   ${rs} (3/3 replicas created)`,
      `Events:`,
      `  Type    Reason             Age   From                   Message`,
      `  ----    ------             ----  ----                   -------`,
    ].join("\n");
    expect(r.stdout.startsWith(expected + "\n")).toBe(true);
    expect(r.stdout).toMatch(new RegExp(`\\n  Normal  ScalingReplicaSet  \\d+s +deployment-controller  Scaled up replica set ${rs} to 3 from 0\\n$`));
  });
});

describe("kubectl describe node (describeNode, describeNodeResource)", () => {
  it("lists the node's pods with requests/limits and sums them under Allocated resources", async () => {
    const s = kubectlSession();
    s.world.api.create(
      POD,
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "req" },
        spec: {
          nodeName: "node01",
          containers: [
            { name: "a", image: "nginx", resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } } },
            { name: "b", image: "nginx", resources: { requests: { cpu: "100m", memory: "32Mi" } } },
          ],
        },
      },
      "default",
    );
    await s.run("sleep 10");
    const r = await s.run("kubectl describe node node01");
    // node01 allocates 2 cpu and 4Gi: 350m is 17%, 500m 25%, 96Mi 2%, 128Mi 3% (int64 truncation).
    expect(r.stdout).toMatch(/\n {2}default +req +350m \(17%\) +500m \(25%\) +96Mi \(2%\) +128Mi \(3%\) +\d+s\n/);
    const pods = s.world.api.list<Pod>(POD).filter((p) => p.spec?.nodeName === "node01" && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
    expect(r.stdout).toContain(`Non-terminated Pods:          (${pods.length} in total)\n`);
    const cpu = pods.reduce((sum, p) => sum + podRequests(p).cpu, 0);
    const memoryMi = pods.reduce((sum, p) => sum + podRequests(p).memory, 0) / 1024 / 1024;
    const cpuLine = r.stdout.split("\n").find((l) => l.startsWith("  cpu  ") && l.includes("%"))!;
    expect(cpuLine).toMatch(new RegExp(`^ {2}cpu +${cpu}m \\(${Math.trunc((cpu / 2000) * 100)}%\\) `));
    const memLine = r.stdout.split("\n").find((l) => /^ {2}memory +\d/.test(l))!;
    expect(memLine).toMatch(new RegExp(`^ {2}memory +${memoryMi}Mi \\(${Math.trunc((memoryMi / 4096) * 100)}%\\) `));
    expect(r.stdout).toContain("Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
  });

  it("shows the control plane's role and taint", async () => {
    const r = await kubectlSession().run("kubectl describe node controlplane");
    expect(r.stdout).toMatch(/^Name: +controlplane\nRoles: +control-plane\n/);
    expect(r.stdout).toMatch(/\nTaints: +node-role\.kubernetes\.io\/control-plane:NoSchedule\nUnschedulable: +false\n/);
  });
});

describe("kubectl describe: other kinds", () => {
  it("secret values are hidden as byte counts (describeSecret)", async () => {
    const s = kubectlSession();
    await s.run("kubectl create secret generic creds --from-literal=password=hunter2 --from-literal=user=admin");
    const r = await s.run("kubectl describe secret creds");
    expect(r.stdout).toBe("Name:         creds\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  7 bytes\nuser:      5 bytes\n");
  });
  it("configmap data is printed key by key (ConfigMapDescriber)", async () => {
    const s = kubectlSession();
    await s.run("kubectl create configmap cfg --from-literal=color=blue");
    const r = await s.run("kubectl describe cm cfg --show-events=false");
    expect(r.stdout).toBe("Name:         cfg\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\ncolor:\n----\nblue\n\n\nBinaryData\n====\n\n");
  });
});

describe("kubectl describe: resolving what to describe (cmd/describe/describe.go)", () => {
  it("without a type fails as the real client does", async () => {
    const r = await kubectlSession().run("kubectl describe");
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError("describe-no-type"));
  });
  it("a missing name is NotFound when no name starts with it", async () => {
    const r = await kubectlSession().run("kubectl describe pod nope");
    expect(r).toEqual({ stdout: "", stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    const slash = await kubectlSession().run("kubectl describe pod/nope");
    expect(slash.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });
  it("TYPE NAME_PREFIX describes every object whose name starts with it, each followed by a newline", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx --replicas=2");
    await s.run("sleep 10");
    const r = await s.run("kubectl describe pods web --show-events=false");
    expect(r.exitCode).toBe(0);
    const names = [...r.stdout.matchAll(/^Name: +(\S+)$/gm)].map((m) => m[1]);
    expect(names).toHaveLength(2);
    expect(names.every((n) => n!.startsWith("web-"))).toBe(true);
    expect(r.stdout.endsWith("\n\n")).toBe(true);
    // TYPE/NAME is a single argument: no prefix matching.
    expect((await s.run("kubectl describe pod/web")).stderr).toBe('Error from server (NotFound): pods "web" not found\n');
  });
  it("TYPE alone describes all in the namespace, separated by a blank line; -l filters; -A crosses namespaces", async () => {
    const s = kubectlSession();
    await s.run("kubectl run a --image=nginx -l tier=x");
    await s.run("kubectl run b --image=nginx");
    const all = await s.run("kubectl describe pods --show-events=false");
    expect([...all.stdout.matchAll(/^Name: +(\S+)$/gm)].map((m) => m[1])).toEqual(["a", "b"]);
    expect(all.stdout).toContain("\n\n\nName:             b\n");
    const labelled = await s.run("kubectl describe pods -l tier=x --show-events=false");
    expect([...labelled.stdout.matchAll(/^Name: +(\S+)$/gm)].map((m) => m[1])).toEqual(["a"]);
    const everywhere = await s.run("kubectl describe pods -A --show-events=false");
    expect(everywhere.stdout).toMatch(/^Namespace: +kube-system$/m);
    const none = await s.run("kubectl describe pods -n kube-public");
    expect(none).toEqual({ stdout: "", stderr: "No resources found in kube-public namespace.\n", exitCode: 0 });
  });
});
