/**
 * `kubectl cp` (kubectl/pkg/cmd/cp/cp.go 1.32): its own argument checks (recorded from the real
 * client in testdata/errors/cp-*.err), then `tar` in the container through pods/exec, with GNU
 * tar's words in Debian-based images and BusyBox's in busybox (GNU tar 1.34's recorded by hand:
 * `tar cf - /nonexistent`, `tar -xmf - -C /nonexist`).
 */
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";
import { recordedError } from "./testing.js";

async function withPods(): Promise<Session> {
  const s = new Session({ cwd: "/nonexistent-kadet-root" });
  await s.run("echo hello > f.txt");
  await s.run("kubectl run web --image=nginx");
  await s.run("kubectl run bb --image=busybox -- sleep 3600");
  await s.run("sim clock advance 10s");
  return s;
}

describe("kubectl cp: the client's own checks", () => {
  it.each([
    ["cp-one-arg", "kubectl cp a"],
    ["cp-both-local", "kubectl cp a b"],
    ["cp-both-remote", "kubectl cp a:x b:y"],
    ["cp-bad-spec", "kubectl cp a/b/c:x b"],
    ["cp-empty-path", "kubectl cp pod: x"],
    ["cp-no-local", "kubectl cp nope pod:/tmp"],
  ])("%s as kubectl 1.32 words it", async (name, line) => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    const r = await s.run(line);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});

describe("kubectl cp: copying in and out of a container", () => {
  it("copies a local file to a path in the pod, and into a folder under its own name", async () => {
    const s = await withPods();
    expect(await s.run("kubectl cp f.txt web:/tmp/g.txt")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect((await s.run("kubectl exec web -- cat /tmp/g.txt")).stdout).toBe("hello\n");
    expect((await s.run("kubectl cp f.txt default/web:/tmp")).exitCode).toBe(0);
    expect((await s.run("kubectl exec web -- cat /tmp/f.txt")).stdout).toBe("hello\n");
  });

  it("copies out; tar's complaint about the leading slash reaches stdout (tarPipe's ErrOut is o.Out)", async () => {
    const s = await withPods();
    await s.run("kubectl exec web -- sh -c 'echo inside > /tmp/in.txt'");
    expect(await s.run("kubectl cp web:/tmp/in.txt out.txt")).toEqual({ stdout: "tar: Removing leading `/' from member names\n", stderr: "", exitCode: 0 });
    expect((await s.run("cat out.txt")).stdout).toBe("inside\n");
  });

  it("copies folders both ways", async () => {
    const s = await withPods();
    await s.run("mkdir d && echo a > d/a && mkdir d/sub && echo b > d/sub/b");
    expect((await s.run("kubectl cp d web:/tmp/d")).exitCode).toBe(0);
    expect((await s.run("kubectl exec web -- cat /tmp/d/sub/b")).stdout).toBe("b\n");
    expect((await s.run("kubectl cp web:/tmp/d back")).exitCode).toBe(0);
    expect((await s.run("cat back/a back/sub/b")).stdout).toBe("a\nb\n");
  });

  it("a missing path in the pod: GNU tar's lines on stdout, then exec's exit code", async () => {
    const s = await withPods();
    expect(await s.run("kubectl cp web:/tmp/nope x")).toEqual({
      stdout: "tar: Removing leading `/' from member names\ntar: /tmp/nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n",
      stderr: "command terminated with exit code 2\n",
      exitCode: 2,
    });
    expect(await s.run("kubectl cp bb:/tmp/nope x")).toEqual({
      stdout: "tar: removing leading '/' from member names\ntar: /tmp/nope: No such file or directory\n",
      stderr: "command terminated with exit code 1\n",
      exitCode: 1,
    });
  });

  it("a destination folder that does not exist: tar -C fails", async () => {
    const s = await withPods();
    expect(await s.run("kubectl cp f.txt web:/tmp/none/f.txt")).toEqual({
      stdout: "",
      stderr: "tar: /tmp/none: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\ncommand terminated with exit code 2\n",
      exitCode: 2,
    });
  });

  it("an image without tar fails as the runtime answers exec", async () => {
    const s = await withPods();
    await s.run("kubectl run p --image=registry.k8s.io/pause:3.10");
    await s.run("sim clock advance 10s");
    const r = await s.run("kubectl cp f.txt p:/f.txt");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "tar": executable file not found in \$PATH: unknown\n$/);
  });

  it("prints the Defaulted container line for a pod of several containers; -c picks one", async () => {
    const s = await withPods();
    await s.run(
      "printf 'apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: two\\nspec:\\n  containers:\\n  - name: app\\n    image: nginx\\n  - name: side\\n    image: busybox\\n    command: [sleep, \"3600\"]\\n' > two.yaml && kubectl apply -f two.yaml",
    );
    await s.run("sim clock advance 10s");
    expect((await s.run("kubectl cp f.txt two:/tmp/f.txt")).stderr).toBe('Defaulted container "app" out of: app, side\n');
    expect((await s.run("kubectl cp f.txt two:/tmp/side.txt -c side")).stderr).toBe("");
    expect((await s.run("kubectl exec two -c side -- cat /tmp/side.txt")).stdout).toBe("hello\n");
  });

  it("is refused by RBAC as exec is: the pod's GET first, then create on pods/exec", async () => {
    const s = await withPods();
    expect((await s.run("kubectl cp f.txt web:/tmp/f.txt --as jane")).stderr).toBe(
      'Error from server (Forbidden): pods "web" is forbidden: User "jane" cannot get resource "pods" in API group "" in the namespace "default"\n',
    );
    await s.run("kubectl create role get-pods --verb=get --resource=pods");
    await s.run("kubectl create rolebinding jane-get --role=get-pods --user=jane");
    expect((await s.run("kubectl cp f.txt web:/tmp/f.txt --as jane")).stderr).toBe(
      'Error from server (Forbidden): pods "web" is forbidden: User "jane" cannot create resource "pods/exec" in API group "" in the namespace "default"\n',
    );
  });
});
