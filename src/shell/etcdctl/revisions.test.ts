/**
 * etcd's history through etcdctl: `get --rev`, `watch --rev`, `compaction`, against
 * testdata/transcript-revisions.txt (recorded from a real etcd 3.4.23 on loopback; the mvcc errors
 * are the server's, ErrCompacted and ErrFutureRev of mvcc/kvstore.go).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";
import { RevisionLog } from "../../sim/api/revision-log.js";

const PKI = "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key";
const E = `ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 ${PKI}`;
const session = () => new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-etcdctl-rev-")) });
const modRevision = async (s: Session, key: string) => JSON.parse((await s.run(`${E} get ${key} -w json`)).stdout.replace(/("(?:cluster|member)_id"):(\d+)/g, '$1:"$2"')).kvs[0].mod_revision as number;
const lastLine = (text: string) => text.trimEnd().split("\n").at(-1);

describe("etcdctl and etcd's revisions", () => {
  it("get --rev=N: the key as it was at N (its old value, a deleted key still there), -w json with its mod_revision", async () => {
    const s = session();
    await s.run(`${E} put a 1`);
    const first = await modRevision(s, "a");
    await s.run(`${E} put a 2`);
    const second = await modRevision(s, "a");
    await s.run(`${E} del a`);
    expect((await s.run(`${E} get a`)).stdout).toBe("");
    expect((await s.run(`${E} get a --rev=${first}`)).stdout).toBe("a\n1\n");
    expect((await s.run(`${E} get a --rev=${second} --print-value-only`)).stdout).toBe("2\n");
    const json = JSON.parse((await s.run(`${E} get a --rev=${second} -w json`)).stdout.replace(/("(?:cluster|member)_id"):(\d+)/g, '$1:"$2"'));
    expect(json.kvs).toEqual([{ key: "YQ==", create_revision: first, mod_revision: second, version: 2, value: "Mg==" }]);
  });

  it("API objects too: a deleted ConfigMap is read back at an older revision", async () => {
    const s = session();
    await s.run("kubectl create configmap old --from-literal=k=v");
    const at = await modRevision(s, "/registry/configmaps/default/old");
    await s.run("kubectl delete configmap old");
    expect((await s.run(`${E} get /registry/configmaps/default/old --keys-only`)).stdout).toBe("");
    expect((await s.run(`${E} get /registry/configmaps/default/old --rev=${at} --print-value-only`)).stdout).toContain('"data":{"k":"v"}');
  });

  it("a future revision, a compacted one, a bad number: etcd's and cobra's words", async () => {
    const s = session();
    await s.run(`${E} put a 1`);
    const future = await s.run(`${E} get a --rev=99999999`);
    expect(future.exitCode).toBe(1);
    expect(future.stderr).toMatch(/"error":"rpc error: code = OutOfRange desc = etcdserver: mvcc: required revision is a future revision"\}\nError: etcdserver: mvcc: required revision is a future revision\n$/);
    const at = await modRevision(s, "a");
    await s.run(`${E} put a 2`);
    expect(await s.run(`${E} compaction ${at + 1}`)).toEqual({ stdout: `compacted revision ${at + 1}\n`, stderr: "", exitCode: 0 });
    const old = await s.run(`${E} get a --rev=${at}`);
    expect([old.exitCode, lastLine(old.stderr)]).toEqual([1, "Error: etcdserver: mvcc: required revision has been compacted"]);
    const again = await s.run(`${E} compaction ${at}`);
    expect([again.exitCode, lastLine(again.stderr)]).toEqual([1, "Error: etcdserver: mvcc: required revision has been compacted"]);
    const ahead = await s.run(`${E} compaction 99999999`);
    expect([ahead.exitCode, lastLine(ahead.stderr)]).toEqual([1, "Error: etcdserver: mvcc: required revision is a future revision"]);
    expect(await s.run(`${E} compaction`)).toEqual({ stdout: "", stderr: "Error: compaction command needs 1 argument\n", exitCode: 128 });
    expect(await s.run(`${E} compaction abc`)).toEqual({ stdout: "", stderr: 'Error: strconv.ParseInt: parsing "abc": invalid syntax\n', exitCode: 1 });
    expect((await s.run(`${E} get a --rev=abc`)).stderr).toBe('Error: invalid argument "abc" for "--rev" flag: strconv.ParseInt: parsing "abc": invalid syntax\n\nError: invalid argument "abc" for "--rev" flag: strconv.ParseInt: parsing "abc": invalid syntax\n');
  });

  it("watch --rev=N replays the events since N first; a compacted N cancels the watch (exit 5)", async () => {
    const s = session();
    await s.run(`${E} put w 1`);
    const from = await modRevision(s, "w");
    await s.run(`${E} put w 2`);
    await s.run(`${E} del w`);
    const watched = await s.run(`${E} watch w --rev=${from}`);
    expect(watched.stdout).toBe("PUT\nw\n1\nPUT\nw\n2\nDELETE\nw\n\n");
    await s.run(`${E} compaction ${from + 1}`);
    expect(await s.run(`${E} watch w --rev=${from}`)).toEqual({
      stdout: "",
      stderr: "watch was canceled (etcdserver: mvcc: required revision has been compacted)\nError: watch is canceled by the server\n",
      exitCode: 5,
    });
  });

  it("revisions older than the world's history answer compacted (a restored world keeps no old versions)", () => {
    const log = new RevisionLog(100);
    expect(log.at("k", 99, undefined, 120)).toEqual({ ok: false, error: "compacted" });
    expect(log.at("k", 121, undefined, 120)).toEqual({ ok: false, error: "future" });
    const v = (value: string, rev: number) => ({ value, encoding: "", modRevision: rev, createRevision: 101, version: rev - 100 });
    log.record(101, "k", undefined, v("a", 101));
    log.record(105, "k", v("a", 101), v("b", 105));
    expect(log.at("k", 100, v("b", 105), 120)).toEqual({ ok: true, version: undefined });
    expect(log.at("k", 104, v("b", 105), 120)).toEqual({ ok: true, version: v("a", 101) });
    log.compact(103);
    expect(log.at("k", 103, v("b", 105), 120)).toEqual({ ok: true, version: v("a", 101) });
    expect(log.at("k", 102, v("b", 105), 120)).toEqual({ ok: false, error: "compacted" });
  });
});
