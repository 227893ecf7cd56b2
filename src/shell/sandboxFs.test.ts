// Containment (issue 6): every path a learner or an exercise names resolves inside the working
// folder or the scratch space, on plain lines, interpreted lines, setup files and file checks.
// Missing-file errors are real kubectl 1.32's, checked on this machine:
//   kubectl create configmap x --from-file=/nonexistent --dry-run=client
//     → error: error reading /nonexistent: no such file or directory
//   kubectl apply -f /nonexistent --dry-run=client → error: the path "/nonexistent" does not exist
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createWorld } from "../sim/world/create.js";
import { MAX_FILE_BYTES } from "./sandboxFs.js";
import { Session } from "./session.js";

const CONFIGMAP = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  secret: host\n`;

/** A working folder, beside an "outside" folder holding a manifest the sandbox must never read. */
function setup() {
  const base = mkdtempSync(join(tmpdir(), "kadet-contain-"));
  const cwd = join(base, "work");
  const outside = join(base, "outside");
  mkdirSync(cwd);
  mkdirSync(outside);
  writeFileSync(join(outside, "leak.yaml"), CONFIGMAP("leak"));
  writeFileSync(join(base, "up.yaml"), CONFIGMAP("up"));
  return { base, cwd, outside, s: new Session({ cwd }) };
}

/** Both ways a line reaches kubectl: straight (no metacharacters) and through the interpreter. */
const BOTH = (line: string) => [line, `${line} | cat`];

describe("sandbox containment", () => {
  it("configmap --from-file with an absolute host path is a missing file, and nothing is stored", async () => {
    const { s } = setup();
    for (const line of BOTH("kubectl create configmap x --from-file=/etc/passwd")) {
      const r = await s.run(line);
      expect(r.stderr).toContain("error: error reading /etc/passwd: no such file or directory");
    }
    expect((await s.run("kubectl get cm x -o yaml")).stderr).toContain('configmaps "x" not found');
    expect((await s.run("kubectl apply -f /etc/passwd")).stderr).toBe('error: the path "/etc/passwd" does not exist\n');
  });

  it("/proc/self/environ does not leak kadet's environment", async () => {
    const { s } = setup();
    for (const line of BOTH("kubectl create configmap env --from-file=/proc/self/environ")) {
      expect((await s.run(line)).stderr).toContain("error: error reading /proc/self/environ: no such file or directory");
    }
  });

  it("apply -f /dev/urandom answers at once that the path does not exist", async () => {
    const { s } = setup();
    const started = Date.now();
    for (const line of BOTH("kubectl apply -f /dev/urandom")) {
      expect((await s.run(line)).stderr).toContain('error: the path "/dev/urandom" does not exist');
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("apply -R -f /usr/share does not walk the host's tree", async () => {
    const { s } = setup();
    for (const line of BOTH("kubectl apply -R -f /usr/share")) {
      expect((await s.run(line)).stderr).toBe('error: the path "/usr/share" does not exist\n');
    }
  });

  it("a FIFO in the working folder is refused instead of blocking forever", async () => {
    const { s, cwd } = setup();
    execFileSync("mkfifo", [join(cwd, "pipe.yaml")]);
    for (const line of BOTH("kubectl apply -f pipe.yaml")) {
      const r = await s.run(line);
      expect(r.stderr).toContain('error: the path "pipe.yaml" does not exist');
      expect(r.stderr).toContain(`kadet: ${cwd}/pipe.yaml: is a FIFO (named pipe); the sandbox reads only regular files`);
    }
    expect((await s.run("cat pipe.yaml")).stderr).toContain("cat: pipe.yaml: No such file or directory");
  }, 10_000);

  it("apply -R skips symbolic links that point out of the working folder", async () => {
    const { s, cwd, outside } = setup();
    mkdirSync(join(cwd, "manifests"));
    writeFileSync(join(cwd, "manifests", "own.yaml"), CONFIGMAP("own"));
    symlinkSync(join(outside, "leak.yaml"), join(cwd, "manifests", "leak.yaml"));
    symlinkSync(outside, join(cwd, "manifests", "outside"));
    const r = await s.run("kubectl apply -R -f manifests");
    expect(r.stdout).toBe("configmap/own created\n");
    expect(r.stderr).toContain(`kadet: ${cwd}/manifests/leak.yaml: leads outside the working folder`);
    expect((await s.run("kubectl get cm leak")).stderr).toContain('configmaps "leak" not found');
  });

  it("a symbolic link that stays inside the working folder still works", async () => {
    const { s, cwd } = setup();
    writeFileSync(join(cwd, "v2.yaml"), CONFIGMAP("inner"));
    symlinkSync("v2.yaml", join(cwd, "current.yaml"));
    for (const line of BOTH("kubectl apply -f current.yaml")) expect((await s.run(line)).stderr).toBe("");
    expect((await s.run("kubectl get cm inner -o name")).stdout).toBe("configmap/inner\n");
  });

  it("`..` out of the working folder lands in the empty scratch space", async () => {
    const { s } = setup();
    for (const line of BOTH("kubectl apply -f ../up.yaml")) {
      expect((await s.run(line)).stderr).toContain('error: the path "../up.yaml" does not exist');
    }
    expect((await s.run("cat ../up.yaml")).stderr).toBe("cat: ../up.yaml: No such file or directory\n");
  });

  it("env shows only the simulated shell's variables, never kadet's own", async () => {
    const home = process.env.HOME;
    process.env.KADET_CONTAINMENT_PROBE = "host-secret";
    process.env.HOME = "/home/host-secret";
    try {
      const { s, cwd } = setup();
      const r = await s.run("env");
      expect(r.stdout).not.toContain("host-secret");
      expect(r.stdout.split("\n").filter(Boolean).sort()).toEqual(["HOME=/root", "PATH=/usr/local/bin:/usr/bin:/bin", `PWD=${cwd}`, "TERM=xterm-256color"]);
    } finally {
      delete process.env.KADET_CONTAINMENT_PROBE;
      if (home === undefined) delete process.env.HOME;
      else process.env.HOME = home;
    }
  });

  it("writing through a symbolic link that points out fails clearly and the session goes on", async () => {
    const { s, cwd, outside } = setup();
    symlinkSync(outside, join(cwd, "out"));
    const r = await s.run("echo x > out/f");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`bash: ${cwd}/out/f: Permission denied`);
    expect(existsSync(join(outside, "f"))).toBe(false);
    expect(await s.run("echo after")).toMatchObject({ stdout: "after\n", exitCode: 0 });
  });

  it("a NUL byte in a command name is dropped, as bash drops it, and the next command runs", async () => {
    const { s } = setup();
    // bash: `printf 'fo\0o\n' | bash` → "bash: foo: command not found", status 127.
    const r = await s.run("fo\0o");
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toContain("foo: command not found");
    expect((await s.run("echo after")).stdout).toBe("after\n");
  });

  it("one size rule for every reader: ls lists a file over 10 MiB, cat and kubectl refuse it with the same note", async () => {
    const { s, cwd } = setup();
    writeFileSync(join(cwd, "big.yaml"), Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
    const note = `kadet: ${cwd}/big.yaml: is ${MAX_FILE_BYTES + 1} bytes; the sandbox reads files up to 10 MiB`;
    expect((await s.run("ls")).stdout).toContain("big.yaml");
    expect((await s.run("cat big.yaml")).stderr).toContain(note);
    for (const line of BOTH("kubectl apply -f big.yaml")) expect((await s.run(line)).stderr).toContain(note);
  });

});

describe("kadet sandbox -c (the built CLI)", () => {
  const cli = resolve("dist/bundle/cli/main.js");
  const sandbox = (cwd: string, args: string[], input?: string) => spawnSync(process.execPath, [cli, "sandbox", ...args], { cwd, input, encoding: "utf8", timeout: 20_000 });

  it("does not print a host file through a ConfigMap", () => {
    const { cwd } = setup();
    const r = sandbox(cwd, ["-c", "kubectl create configmap x --from-file=/etc/passwd\nkubectl get cm x -o yaml"]);
    expect(r.stderr).toContain("error: error reading /etc/passwd: no such file or directory");
    expect(r.stdout + r.stderr).not.toContain("root:");
  });

  it("survives a write through a symbolic link out and a NUL byte, running what follows", () => {
    const { cwd, outside } = setup();
    symlinkSync(outside, join(cwd, "out"));
    const written = sandbox(cwd, ["-c", "echo x > out/f\necho after"]);
    expect(written.stdout).toBe("after\n");
    expect(written.stderr).not.toContain("    at ");
    const nul = sandbox(cwd, [], "fo\0o\necho after\n");
    expect(nul.stdout).toBe("after\n");
    expect(nul.stderr).toContain("foo: command not found");
    expect(nul.stderr).not.toContain("    at ");
  });
});
