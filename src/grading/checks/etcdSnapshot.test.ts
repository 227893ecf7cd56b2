/** The `etcdSnapshot` check: a host file written by `etcdctl snapshot save`, holding an object at kube-apiserver's key. */
import { describe, expect, test } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import { EtcdCluster } from "../../sim/etcd/etcd.js";
import { encodeSnapshotFile } from "../../sim/etcd/snapshot-file.js";
import { createWorld } from "../../sim/world/create.js";
import { evaluateCheck } from "./index.js";
import { check } from "./testFixture.js";
import type { CheckContext } from "./types.js";

function worldWithSnapshot() {
  const world = createWorld("default");
  world.settle();
  world.api.create(kindNamed("ConfigMap")!, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "saved" } }, "default");
  world.hosts.writeFile("controlplane", "/opt/backup.db", encodeSnapshotFile(world.loopsOfType(EtcdCluster)!.snapshotContent(world)));
  world.hosts.writeFile("controlplane", "/opt/not-a-snapshot.db", "hello\n");
  const ctx: CheckContext = { world, history: [], workdir: "/nonexistent", runOnCopy: async () => ({ stdout: "", stderr: "", exitCode: 0 }) };
  return ctx;
}

describe("etcdSnapshot check", () => {
  const ctx = worldWithSnapshot();

  test("passes for a snapshot holding the object; fails when the object is not in it", async () => {
    expect((await evaluateCheck(check("etcdSnapshot: { path: /opt/backup.db, contains: { kind: ConfigMap, name: saved } }"), ctx)).status).toBe("pass");
    const missing = await evaluateCheck(check("etcdSnapshot: { path: /opt/backup.db, contains: { kind: cm, name: later } }"), ctx);
    expect(missing).toMatchObject({ status: "fail", expected: "/registry/configmaps/default/later" });
  });

  test("fails for a missing file or one that is not a snapshot", async () => {
    expect((await evaluateCheck(check("etcdSnapshot: { path: /opt/none.db }"), ctx)).message).toBe("/opt/none.db on controlplane does not exist");
    expect((await evaluateCheck(check("etcdSnapshot: { path: /opt/not-a-snapshot.db }"), ctx)).status).toBe("fail");
  });
});
