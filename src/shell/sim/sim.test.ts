/**
 * The sim family as the README documents it: reset, node add/remove, clock.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import type { Node } from "../../sim/api/types.js";
import { nodeObject } from "../../sim/world/nodes.js";
import { SchedulerLoop } from "../../sim/world/scheduler-loop.js";
import { Session } from "../session.js";

const NODE = kindNamed("Node")!;
const session = (preset = "default") => new Session({ preset, cwd: mkdtempSync(join(tmpdir(), "kadet-sim-")) });

describe("sim", () => {
  it("node add registers a Ready node with the standard labels, the given labels, taints and capacity", async () => {
    const s = session();
    const r = await s.run("sim node add gpu01 --cpu 8 --memory 32Gi --pods 50 --label accelerator=nvidia --taint gpu=true:NoSchedule");
    expect(r).toEqual({ stdout: "node/gpu01 added\n", stderr: "", exitCode: 0 });
    const node = s.world.api.find<Node>(NODE, undefined, "gpu01")!;
    expect(node.metadata.labels).toMatchObject({ "kubernetes.io/hostname": "gpu01", "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", accelerator: "nvidia" });
    expect(node.spec?.taints).toEqual([{ key: "gpu", value: "true", effect: "NoSchedule" }]);
    expect(node.status?.capacity).toMatchObject({ cpu: "8", memory: "32Gi", pods: "50" });
    expect(node.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    // The kube-proxy DaemonSet follows the new node.
    expect((await s.run("kubectl get pods -n kube-system -o wide")).stdout).toMatch(/kube-proxy-\w+ +1\/1 +Running .* gpu01 /);
  });

  it("node add --control-plane adds the control-plane label and NoSchedule taint", async () => {
    const s = session("bare");
    await s.run("sim node add cp2 --control-plane");
    const node = s.world.api.find<Node>(NODE, undefined, "cp2")!;
    expect(node.metadata.labels?.["node-role.kubernetes.io/control-plane"]).toBe("");
    expect(node.spec?.taints).toEqual([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
  });

  it("rejects bad flags and unknown nodes with a clear message and status 1", async () => {
    const s = session();
    expect((await s.run("sim node add x --taint gpu:Sometimes")).stderr).toContain('invalid --taint "gpu:Sometimes"');
    expect((await s.run("sim node add x --memory lots")).exitCode).toBe(1);
    expect(await s.run("sim node remove nope")).toMatchObject({ exitCode: 1, stderr: 'sim node remove: nodes "nope" not found\n' });
    expect((await s.run("sim frobnicate")).stderr).toContain('sim: unknown command "frobnicate"');
  });

  it("the bare preset has no nodes and no add-on pods; pods wait until a node is added", async () => {
    const s = session("bare");
    expect(s.world.api.list(NODE)).toHaveLength(0);
    expect((await s.run("kubectl get pods -A")).stderr).toBe("No resources found\n");
    await s.run("kubectl run web --image=nginx");
    expect((await s.run("kubectl get pod web --no-headers")).stdout).toMatch(/Pending/);
    await s.run("sim node add worker1");
    await s.run("sleep 10");
    expect((await s.run("kubectl get pod web -o wide --no-headers")).stdout).toMatch(/Running .* worker1 /);
  });

  it("clock advance moves time by exactly the duration; reset starts over", async () => {
    const s = session();
    const before = s.world.clock.now();
    expect((await s.run("sim clock advance 1h30m")).exitCode).toBe(0);
    expect(s.world.clock.now() - before).toBe(90 * 60 * 1000);
    await s.run("kubectl create namespace shop");
    expect((await s.run("sim reset")).stdout).toBe('world reset to preset "default"\n');
    expect((await s.run("kubectl get ns shop")).stderr).toBe('Error from server (NotFound): namespaces "shop" not found\n');
    expect((await s.run("sim reset --preset nope")).stderr).toContain('unknown preset "nope"');
  });

  it("explain shows each node's filter verdict and, for the nodes that fit, the weighted scores and the winner", async () => {
    const s = session();
    await s.run("kubectl run web --image=nginx");
    const out = (await s.run("sim explain pod web")).stdout;
    const node = s.world.api.find(kindNamed("Pod")!, "default", "web")!.spec as { nodeName: string };
    expect(out).toContain(`Pod default/web was scheduled to ${node.nodeName} at `);
    expect(out).toMatch(/controlplane +✗ TaintToleration: node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}/);
    expect(out).toMatch(new RegExp(`\\n${node.nodeName} .*← chosen\\n`));
  });

  it("explain gives a Pending pod the scheduler's message and every node's reason", async () => {
    const s = session();
    await s.run("cat <<'EOF' | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: picky\nspec:\n  nodeSelector:\n    disk: ssd\n  containers:\n  - name: c\n    image: nginx\nEOF");
    const out = (await s.run("sim explain pod picky")).stdout;
    expect(out).toContain("could not be scheduled");
    expect(out).toMatch(/node01 +✗ NodeAffinity: node\(s\) didn't match Pod's node affinity\/selector/);
  });

  it("explain names the filters skipped at PreFilter and shows InterPodAffinity's verdict per node (pkg/scheduler/framework/plugins/interpodaffinity)", async () => {
    const s = session();
    await s.run("kubectl run db --image=redis:7 --labels=app=db");
    await s.run(
      "cat <<'EOF' | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: loner\nspec:\n  affinity:\n    podAntiAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n      - labelSelector: {matchLabels: {app: db}}\n        topologyKey: kubernetes.io/hostname\n  containers:\n  - name: c\n    image: nginx\nEOF",
    );
    const dbNode = (s.world.api.find(kindNamed("Pod")!, "default", "db")!.spec as { nodeName: string }).nodeName;
    const out = (await s.run("sim explain pod loner")).stdout;
    expect(out).toContain("Skipped for this pod (its PreFilter found nothing to check): NodeAffinity, NodePorts, VolumeRestrictions, VolumeBinding, PodTopologySpread.");
    expect(out).toMatch(new RegExp(`\\n${dbNode} +✗ InterPodAffinity: node\\(s\\) didn't match pod anti-affinity rules\\n`));
    expect(out).toContain(`Only ${dbNode === "node01" ? "node02" : "node01"} passed the filters`);
    // A pod of no group with no preferences: the new score plugins say Skip, and explain says so.
    expect((await s.run("sim explain pod db")).stdout).toContain(
      "Not scoring this pod (their PreScore found nothing to weigh): NodeAffinity, PodTopologySpread, InterPodAffinity.",
    );
  });

  it("explain of a pod created with spec.nodeName says no scheduler decided it", async () => {
    const s = session();
    await s.run("cat <<'EOF' | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pinned\nspec:\n  nodeName: node02\n  containers:\n  - name: c\n    image: nginx\nEOF");
    expect((await s.run("sim explain pod pinned")).stdout).toContain("Pod default/pinned runs on node02 without a scheduling decision kadet knows of: its spec.nodeName was set when it was created");
  });

  it("explain says when kube-scheduler stopped filtering early (percentageOfNodesToScore, from 100 nodes up)", async () => {
    const s = session("bare");
    for (let i = 0; i < 120; i++) s.world.api.create(NODE, nodeObject({ name: `w${String(i).padStart(3, "0")}`, cpu: "4", memory: "8Gi", pods: 110, index: i + 10 }, s.world.clock.nowIso()), undefined);
    await s.run("kubectl run web --image=nginx");
    const out = (await s.run("sim explain pod web")).stdout;
    // 120 nodes: 50% is 60, raised to the minimum of 100 feasible nodes.
    expect(out).toContain("kube-scheduler stopped filtering after 100 of 120 nodes");
    expect(out).not.toMatch(/\nw100 /);
  });

  it("explain of a decision older than the kept ones gives its counts and says the table is gone", async () => {
    const s = session();
    s.world.loopsOfType(SchedulerLoop)!.replayBudgetNodes = 3;
    await s.run("kubectl run first --image=nginx");
    await s.run("kubectl run second --image=nginx");
    const out = (await s.run("sim explain pod first")).stdout;
    expect(out).toContain("3 of 3 nodes were filtered and 2 passed. kadet keeps the full table for the most recent decisions only");
    expect((await s.run("sim explain pod second")).stdout).toContain("← chosen");
  });
});
