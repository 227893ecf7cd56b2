/**
 * etcdctl and etcdutl in the learner's shell, against what the real clients
 * print (testdata/transcript-tls.txt, recorded from etcd 3.4.23; 3.5 deltas in
 * testdata/README.md) and the CKA backup/restore task end to end
 * (https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#restoring-an-etcd-cluster).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";
import { EtcdCluster } from "../../sim/etcd/etcd.js";

const PKI = "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key";
const E = `ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 ${PKI}`;
const session = () => new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-etcdctl-")) });

describe("etcdctl", () => {
  it("put, get (simple, --keys-only, --print-value-only, --prefix), del print as etcdctl does", async () => {
    const s = session();
    expect(await s.run(`${E} put foo bar`)).toEqual({ stdout: "OK\n", stderr: "", exitCode: 0 });
    await s.run(`${E} put foo2 baz`);
    expect((await s.run(`${E} get foo`)).stdout).toBe("foo\nbar\n");
    expect((await s.run(`${E} get foo --prefix`)).stdout).toBe("foo\nbar\nfoo2\nbaz\n");
    expect((await s.run(`${E} get foo --prefix --keys-only`)).stdout).toBe("foo\n\nfoo2\n\n");
    expect((await s.run(`${E} get foo --print-value-only`)).stdout).toBe("bar\n");
    expect(await s.run(`${E} get nothing`)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect((await s.run(`${E} del foo`)).stdout).toBe("1\n");
    expect((await s.run(`${E} del nothing`)).stdout).toBe("0\n");
  });

  it("get -w json: base64 key and value, revisions from the store's counter, header with uint64 IDs", async () => {
    const s = session();
    await s.run(`${E} put foo bar`);
    const out = JSON.parse((await s.run(`${E} get foo -w json`)).stdout.replace(/("(?:cluster|member)_id"):(\d+)/g, '$1:"$2"'));
    // The header is the revision now; the key keeps the one of its put (lease renewals have written since, as on a real cluster).
    const putAt = out.kvs[0]?.create_revision as number;
    expect(out.kvs).toEqual([{ key: "Zm9v", create_revision: putAt, mod_revision: putAt, version: 1, value: "YmFy" }]);
    expect(putAt).toBeLessThanOrEqual(out.header.revision);
    expect(out.header.revision).toBeLessThanOrEqual(s.world.api.resourceVersion());
    expect(out.count).toBe(1);
    expect(out.header.raft_term).toBe(2);
  });

  it("the API server's objects are under /registry at kube-apiserver's keys", async () => {
    const s = session();
    await s.run("kubectl create deployment web --image=nginx");
    const keys = (await s.run(`${E} get /registry/deployments/default --prefix --keys-only`)).stdout;
    expect(keys).toBe("/registry/deployments/default/web\n\n");
    const pods = (await s.run(`${E} get /registry/pods/default --prefix --keys-only`)).stdout;
    expect(pods).toMatch(/^\/registry\/pods\/default\/web-[a-z0-9]+-[a-z0-9]{5}\n\n$/);
  });

  it("without TLS files the TLS server never answers: clientv3's warning, then context deadline exceeded (exit 1, 5 s later)", async () => {
    const s = session();
    const before = s.world.clock.now();
    const r = await s.run("etcdctl get foo");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^\{"level":"warn",.*"msg":"retrying of unary invoker failed".*\}\nError: context deadline exceeded\n$/);
    expect(s.world.clock.now() - before).toBeGreaterThanOrEqual(5000);
  });

  it("a certificate path that does not exist fails before dialling with exit 128; the cluster CA instead of etcd's times out", async () => {
    const s = session();
    const missing = await s.run("etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/nope.crt --key=/etc/kubernetes/pki/etcd/server.key get foo");
    expect(missing).toEqual({ stdout: "", stderr: "Error: open /etc/kubernetes/pki/etcd/nope.crt: no such file or directory\n", exitCode: 128 });
    const wrongCa = await s.run("etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key get foo");
    expect(wrongCa.stderr).toMatch(/x509: certificate signed by unknown authority.*\nError: context deadline exceeded\n$/);
  });

  it("ETCDCTL_* variables stand for flags, and one shadowed by its flag is an error (etcd 3.5 pkg/flags)", async () => {
    const s = session();
    const env = "ETCDCTL_CACERT=/etc/kubernetes/pki/etcd/ca.crt ETCDCTL_CERT=/etc/kubernetes/pki/etcd/server.crt ETCDCTL_KEY=/etc/kubernetes/pki/etcd/server.key ETCDCTL_ENDPOINTS=https://127.0.0.1:2379";
    expect((await s.run(`${env} etcdctl put a b`)).stdout).toBe("OK\n");
    const r = await s.run(`${env} etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt get a`);
    expect(r.stderr).toBe('Error: conflicting environment variable "ETCDCTL_CACERT" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)\n');
  });

  it("argument errors as recorded", async () => {
    const s = session();
    expect(await s.run(`${E} put`)).toEqual({ stdout: "", stderr: "Error: put command needs 1 argument and input from stdin or 2 arguments\n", exitCode: 128 });
    expect((await s.run(`${E} get`)).stderr).toBe("Error: get command needs one argument as key and an optional argument as range_end\n");
    expect(await s.run(`${E} frob`)).toEqual({ stdout: "", stderr: "Error: unknown command \"frob\" for \"etcdctl\"\nRun 'etcdctl --help' for usage.\nError: unknown command \"frob\" for \"etcdctl\"\n", exitCode: 1 });
    expect((await s.run(`${E} snapshot save`)).stderr).toBe("Error: snapshot save expects one argument\n");
  });

  it("member list and endpoint status/health of kubeadm's one-member etcd", async () => {
    const s = session();
    const list = (await s.run(`${E} member list`)).stdout;
    expect(list).toMatch(/^[0-9a-f]{1,16}, started, controlplane, https:\/\/192\.168\.0\.10:2380, https:\/\/192\.168\.0\.10:2379, false\n$/);
    const status = (await s.run(`${E} endpoint status`)).stdout;
    expect(status).toMatch(/^https:\/\/127\.0\.0\.1:2379, [0-9a-f]+, 3\.5\.16, \d+ kB, true, false, 2, \d+, \d+, \n$/);
    expect((await s.run(`${E} endpoint health`)).stdout).toMatch(/^https:\/\/127\.0\.0\.1:2379 is healthy: successfully committed proposal: took = \d+\.\d+ms\n$/);
    expect((await s.run(`${E} endpoint health --cluster`)).stdout).toMatch(/^https:\/\/192\.168\.0\.10:2379 is healthy/);
  });

  it("with its only member stopped (sim etcd stop) a write finds nothing listening and times out; started again, the data is still there", async () => {
    const s = session();
    await s.run(`${E} put foo bar`);
    expect((await s.run("sim etcd stop controlplane")).exitCode).toBe(0);
    const put = await s.run(`${E} put foo baz`);
    expect(put.exitCode).toBe(1);
    expect(put.stderr).toMatch(/connection refused.*\nError: context deadline exceeded\n$/);
    expect((await s.run("sim etcd start controlplane")).exitCode).toBe(0);
    expect((await s.run(`${E} get foo --print-value-only`)).stdout).toBe("bar\n");
  });
});

describe("backup and restore (the CKA task)", () => {
  it("snapshot save writes a file; etcdutl restore to a new data dir; pointing etcd-data at it brings back the snapshot's objects", async () => {
    const s = session();
    await s.run("kubectl create deployment before --image=nginx");
    await s.run("ssh controlplane");
    const saved = await s.run(`${E} snapshot save /opt/etcd-backup.db`);
    expect(saved.stdout).toBe("Snapshot saved at /opt/etcd-backup.db\n");
    expect(saved.stderr.split("\n").filter(Boolean).map((l) => JSON.parse(l).msg)).toEqual([
      "created temporary db file",
      "opened snapshot stream; downloading",
      "fetching snapshot",
      "completed snapshot read; closing",
      "fetched snapshot",
      "saved",
    ]);
    const status = await s.run("etcdutl snapshot status /opt/etcd-backup.db -w table");
    expect(status.stdout).toMatch(/\| +HASH +\| REVISION \| TOTAL KEYS \| TOTAL SIZE \|/);
    await s.run("kubectl create deployment after --image=nginx");
    expect((await s.run("etcdutl snapshot restore /opt/etcd-backup.db --data-dir /var/lib/etcd")).stderr).toBe('Error: data-dir "/var/lib/etcd" not empty or could not be read\n');
    const restored = await s.run("etcdutl snapshot restore /opt/etcd-backup.db --data-dir /var/lib/etcd-from-backup");
    expect(restored.exitCode).toBe(0);
    expect(restored.stderr).toMatch(/\tinfo\tsnapshot\/v3_snapshot\.go:265\trestoring snapshot\t\{"path": "\/opt\/etcd-backup\.db", "wal-dir": "\/var\/lib\/etcd-from-backup\/member\/wal"/);
    expect((await s.run("ls /var/lib/etcd-from-backup/member")).stdout).toBe("snap\nwal\n");
    // Nothing changes until the manifest points at the new folder.
    expect((await s.run("kubectl get deploy after -o name")).stdout).toBe("deployment.apps/after\n");
    await s.run("sed -i 's#path: /var/lib/etcd$#path: /var/lib/etcd-from-backup#' /etc/kubernetes/manifests/etcd.yaml");
    await s.run("sleep 5");
    expect((await s.run("kubectl get deploy before -o name")).stdout).toBe("deployment.apps/before\n");
    expect((await s.run("kubectl get deploy after")).stderr).toBe('Error from server (NotFound): deployments.apps "after" not found\n');
    const etcd = s.world.loopsOfType(EtcdCluster)!;
    expect(etcd.hasQuorum()).toBe(true);
  });

  it("etcdctl snapshot status and restore still work in 3.5 but say they are deprecated", async () => {
    const s = session();
    await s.run(`${E} snapshot save snap.db`);
    const st = await s.run(`${E} snapshot status snap.db`);
    expect(st.stderr).toBe("Deprecated: Use `etcdutl snapshot status` instead.\n\n");
    expect(st.stdout).toMatch(/^[0-9a-f]+, \d+, \d+, \d+ kB\n$/);
    expect((await s.run(`${E} snapshot status nope.db`)).stderr).toBe("Deprecated: Use `etcdutl snapshot status` instead.\n\nError: stat nope.db: no such file or directory\n");
  });
});

describe("clientv3's warning line", () => {
  it("is one JSON object whose error quotes the transport's message (Go's quotes escaped once, as in 3.5 transcripts)", async () => {
    const s = session();
    await s.run("sim etcd stop controlplane");
    const r = await s.run(`${E} get foo`);
    const line = JSON.parse(r.stderr.split("\n")[0]!);
    expect(line).toMatchObject({ level: "warn", logger: "etcd-client", msg: "retrying of unary invoker failed", attempt: 0 });
    expect(line.error).toBe('rpc error: code = DeadlineExceeded desc = latest balancer error: last connection error: connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:2379: connect: connection refused"');
  });
});

describe("etcdctl watch (printer_simple.go Watch: the event type, then key and value)", () => {
  it("in the terminal: nothing at first, then PUT and DELETE events as they happen, --prev-kv with the old value", async () => {
    const { followCommand } = await import("../follow.js");
    const s = session();
    await s.run(`${E} put foo one`);
    const follow = followCommand(`${E} watch foo --prefix --prev-kv`, (l) => s.run(l))!;
    expect(follow).toBeDefined();
    expect(await follow.start()).toEqual({ stdout: "", stderr: "", exitCode: 0, done: false });
    expect((await follow.tick()).stdout).toBe("");
    await s.run(`${E} put foo two`);
    await s.run(`${E} put foo2 x`);
    expect((await follow.tick()).stdout).toBe("PUT\nfoo\none\nfoo\ntwo\nPUT\nfoo2\nx\n");
    await s.run(`${E} del foo`);
    expect((await follow.tick()).stdout).toBe("DELETE\nfoo\ntwo\nfoo\n\n");
  });

  it("without --prev-kv a DELETE prints the key and an empty value; changes within one simulated second coalesce", async () => {
    const { followCommand } = await import("../follow.js");
    const s = session();
    await s.run(`${E} put k v`);
    const follow = followCommand(`${E} watch k`, (l) => s.run(l))!;
    await follow.start();
    await s.run(`${E} put k w`);
    await s.run(`${E} put k z`);
    // kadet compares the keyspace second by second: two puts in one second show as the last (a real watch shows both).
    expect((await follow.tick()).stdout).toBe("PUT\nk\nz\n");
    await s.run(`${E} del k`);
    expect((await follow.tick()).stdout).toBe("DELETE\nk\n\n");
  });

  it("in a script: the events of 10 s of simulated time, then a note that it stopped", async () => {
    const s = session();
    const before = Date.parse((await s.run("sim clock")).stdout.trim());
    await s.run("kubectl run web --image=nginx --dry-run=client -o yaml > web.yaml");
    const r = await s.run(`kubectl apply -f web.yaml >/dev/null; ${E} watch /registry/pods/default/web`);
    expect(r.stderr).toContain("kadet: etcdctl watch stopped after 10s of simulated time here; in the trainer's terminal it watches until Ctrl-C\n");
    // The kubelet's status updates while the pod starts: each a PUT of the pod's key.
    expect(r.stdout).toMatch(/^PUT\n\/registry\/pods\/default\/web\n\{/);
    expect(Date.parse((await s.run("sim clock")).stdout.trim()) - before).toBeGreaterThanOrEqual(10_000);
  });

  it("refuses what it does not simulate, and a missing key with etcdctl's words", async () => {
    const s = session();
    // The world's history starts at the preset's revision: older ones are compacted (revisions.test.ts).
    expect((await s.run(`${E} watch foo --rev 3`)).stderr).toMatch(/^watch was canceled \(etcdserver: mvcc: required revision has been compacted\)\n/);
    expect((await s.run(`${E} watch -i`)).stderr).toMatch(/^kadet: 'etcdctl watch -i' is not simulated/);
    // cobrautl.ExitBadArgs
    expect(await s.run(`${E} watch`)).toEqual({ stdout: "", stderr: "Error: bad number of arguments\n", exitCode: 128 });
  });
});
