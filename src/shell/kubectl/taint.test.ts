// kubectl taint against the live model: the forms of
// https://kubernetes.io/docs/reference/kubectl/generated/kubectl_taint/, the
// texts of kubectl/pkg/cmd/taint/taint.go + utils.go (1.32), and the client-side
// errors recorded from the real kubectl 1.32 (testdata/errors/taint-*.err).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import type { Session } from "../session.js";
import { parseTaints, reorganizeTaints, type Taint } from "./taint.js";
import { kubectlSession, recordedError } from "./testing.js";

const NODE = kindNamed("Node")!;
const POD = kindNamed("Pod")!;
const taintsOf = (s: Session, node: string) => (s.world.api.find(NODE, undefined, node)?.spec as { taints?: Taint[] } | undefined)?.taints;

describe("kubectl taint (taint.go)", () => {
  it("adds key=value:Effect and key:Effect, then removes them by key:Effect- and key-", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl taint nodes node01 dedicated=special-user:NoSchedule")).stdout).toBe("node/node01 tainted\n");
    expect((await s.run("kubectl taint node node01 bar:NoSchedule")).stdout).toBe("node/node01 tainted\n");
    // reorganizeTaints puts the added taints before the ones the node had.
    expect(taintsOf(s, "node01")).toEqual([
      { key: "bar", effect: "NoSchedule" },
      { key: "dedicated", value: "special-user", effect: "NoSchedule" },
    ]);
    expect((await s.run("kubectl taint nodes node01 dedicated=special-user:NoSchedule-")).stdout).toBe("node/node01 untainted\n");
    expect(taintsOf(s, "node01")).toEqual([{ key: "bar", effect: "NoSchedule" }]);
    expect((await s.run("kubectl taint no node01 bar-")).stdout).toBe("node/node01 untainted\n");
    expect(taintsOf(s, "node01")).toBeUndefined();
  });

  it("key- removes the key's taints of every effect", async () => {
    const s = kubectlSession();
    await s.run("kubectl taint nodes node01 k=v:NoSchedule k=v:PreferNoSchedule");
    expect(taintsOf(s, "node01")).toHaveLength(2);
    expect((await s.run("kubectl taint nodes node01 k-")).stdout).toBe("node/node01 untainted\n");
    expect(taintsOf(s, "node01")).toBeUndefined();
  });

  it("refuses to replace a taint with the same key and effect unless --overwrite (then: modified)", async () => {
    const s = kubectlSession();
    await s.run("kubectl taint nodes node01 key=value:NoSchedule");
    const again = await s.run("kubectl taint nodes node01 key=other:NoSchedule");
    expect(again.stderr).toBe("error: node node01 already has key taint(s) with same effect(s) and --overwrite is false\n");
    expect(again.exitCode).toBe(1);
    expect((await s.run("kubectl taint nodes node01 key=other:NoSchedule --overwrite")).stdout).toBe("node/node01 modified\n");
    expect(taintsOf(s, "node01")).toEqual([{ key: "key", value: "other", effect: "NoSchedule" }]);
    // Same key, another effect: a second taint, no clash.
    expect((await s.run("kubectl taint nodes node01 key=value:NoExecute")).stdout).toBe("node/node01 tainted\n");
  });

  it("removing a taint the node does not have is an error (utils.go deleteTaints)", async () => {
    const s = kubectlSession();
    const r = await s.run("kubectl taint nodes node01 key:NoSchedule-");
    expect(r.stderr).toBe('error: taint "key:NoSchedule" not found\n');
    expect(r.exitCode).toBe(1);
    expect((await s.run("kubectl taint nodes node01 key-")).stderr).toBe('error: taint "key" not found\n');
  });

  it("-l picks nodes by label, --all every node", async () => {
    const s = kubectlSession();
    await s.run("kubectl label node node02 disk=ssd");
    expect((await s.run("kubectl taint node -l disk=ssd dedicated=foo:PreferNoSchedule")).stdout).toBe("node/node02 tainted\n");
    expect(taintsOf(s, "node01")).toBeUndefined();
    expect((await s.run("kubectl taint nodes --all maintenance:NoSchedule")).stdout).toBe("node/controlplane tainted\nnode/node01 tainted\nnode/node02 tainted\n");
    // The control plane keeps its kubeadm taint beside the new one.
    expect(taintsOf(s, "controlplane")?.map((t) => t.key)).toEqual(["maintenance", "node-role.kubernetes.io/control-plane"]);
  });

  it("--dry-run=client prints (dry run) and changes nothing", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl taint nodes node01 a=b:NoSchedule --dry-run=client")).stdout).toBe("node/node01 tainted (dry run)\n");
    expect((await s.run("kubectl taint nodes node01 a=b:NoSchedule --dry-run=server")).stdout).toBe("node/node01 tainted (server dry run)\n");
    expect(taintsOf(s, "node01")).toBeUndefined();
  });

  it("a NoSchedule taint on every worker keeps a new pod Pending (TaintToleration filter)", async () => {
    const s = kubectlSession();
    await s.run("kubectl taint nodes node01 node02 team=a:NoSchedule");
    await s.run("kubectl run web --image=nginx");
    const pod = s.world.api.find(POD, "default", "web")!;
    expect((pod.spec as { nodeName?: string }).nodeName).toBeUndefined();
    expect((await s.run("kubectl taint nodes node01 team-")).stdout).toBe("node/node01 untainted\n");
    await s.run("sleep 20");
    expect((s.world.api.find(POD, "default", "web")!.spec as { nodeName?: string }).nodeName).toBe("node01");
  });

  it("a node that does not exist is the server's NotFound", async () => {
    const r = await kubectlSession().run("kubectl taint nodes nope a=b:NoSchedule");
    expect(r.stderr).toBe('Error from server (NotFound): nodes "nope" not found\n');
    expect(r.exitCode).toBe(1);
  });

  it("the same taint added and removed in one command (text as the real 1.32 client prints it)", async () => {
    const r = await kubectlSession().run("kubectl taint nodes node01 a=b:NoSchedule a-");
    expect(r.stderr).toBe("error: can not both modify and remove the following taint(s) in the same command: a=\n");
  });

  it("names or a selector are required (taint.go validateFlags)", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl taint nodes a=b:NoSchedule")).stderr).toBe("error: at least one resource name must be specified since 'all' parameter is not set\n");
    expect((await s.run("kubectl taint nodes --all -l a=b a=b:NoSchedule")).stderr).toBe("error: setting 'all' parameter with a non empty selector is prohibited\n");
  });

  it.each([
    ["taint", "taint-no-args"],
    ["taint nodes node01", "taint-no-taint"],
    ["taint nodes node01 a=b:Foo", "taint-bad-effect"],
    ["taint nodes node01 a=b", "taint-no-effect"],
    ["taint nodes node01 a=b=c:NoSchedule", "taint-bad-spec"],
    ["taint nodes node01 a=b:NoSchedule a=c:NoSchedule", "taint-duplicate"],
    ["taint nodes node01 a=b:NoSchedule x", "taint-resource-after-taint"],
    ["taint pods x a=b:NoSchedule", "taint-pods"],
  ])("kubectl %s fails as the real client does", async (cmd, name) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});

describe("taint utils (utils.go)", () => {
  it("parseTaints splits additions from removals", () => {
    expect(parseTaints(["a=b:NoSchedule", "c:NoExecute-", "d-"])).toEqual({
      add: [{ key: "a", value: "b", effect: "NoSchedule" }],
      remove: [
        { key: "c", effect: "NoExecute" },
        { key: "d", effect: "" },
      ],
    });
    expect(parseTaints(["a:NoSchedule"])).toEqual({ add: [{ key: "a", effect: "NoSchedule" }], remove: [] });
    expect(parseTaints(["example.com/a=b:PreferNoSchedule"])).toEqual({ add: [{ key: "example.com/a", value: "b", effect: "PreferNoSchedule" }], remove: [] });
  });
  it("reorganizeTaints: tainted when the list grows, modified when one is replaced and one removed", () => {
    const old: Taint[] = [{ key: "x", effect: "NoSchedule" }];
    expect(reorganizeTaints(old, false, [{ key: "y", effect: "NoSchedule" }], []).operation).toBe("tainted");
    expect(reorganizeTaints(old, false, [], [{ key: "x", effect: "NoSchedule" }])).toEqual({ taints: [], operation: "untainted", errors: [] });
    expect(reorganizeTaints(old, false, [{ key: "y", effect: "NoSchedule" }], [{ key: "x", effect: "" }]).operation).toBe("modified");
    expect(reorganizeTaints(old, true, [{ key: "x", value: "v", effect: "NoSchedule" }], []).operation).toBe("modified");
  });
});
