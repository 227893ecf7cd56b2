// `which` as Debian's which(1) answers it, agreeing with `type` (issue 7): kadet's commands
// live in /usr/bin (where the kubectl, docker-ce, etcd-client and cri-tools packages put
// them); an unknown command, a builtin or an alias prints nothing and exits 1.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";

const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-which-")) });

describe("which", () => {
  it("prints where kadet's commands are, as type does", async () => {
    expect(await s.run("which kubectl docker etcdctl crictl")).toMatchObject({ stdout: "/usr/bin/kubectl\n/usr/bin/docker\n/usr/bin/etcdctl\n/usr/bin/crictl\n", exitCode: 0 });
    expect((await s.run("type kubectl")).stdout).toBe("kubectl is /usr/bin/kubectl\n");
  });

  it("prints nothing and exits 1 for an unknown command, a builtin or an alias", async () => {
    expect(await s.run("which nosuchtool")).toEqual(expect.objectContaining({ stdout: "", stderr: "", exitCode: 1 }));
    await s.run("alias k=kubectl");
    expect(await s.run("which cd k")).toMatchObject({ stdout: "", stderr: "", exitCode: 1 });
    expect(await s.run("which kubectl nosuchtool")).toMatchObject({ stdout: "/usr/bin/kubectl\n", exitCode: 1 });
  });

  it("-s answers with the status only", async () => {
    expect(await s.run("which -s kubectl")).toMatchObject({ stdout: "", exitCode: 0 });
  });
});
