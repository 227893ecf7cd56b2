// kubectl diff (kubectl/pkg/cmd/diff/diff.go, 1.32). Client-side errors were recorded from the real
// kubectl 1.32 (exit 2: CheckDiffErr adds one to the usual code); the diff text is GNU `diff -u -N`
// over the LIVE and MERGED folders, as unified-diff.test.ts checks against GNU diff itself.
import { beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../session.js";
import { kubectlSession } from "./testing.js";

const DEPLOY = (replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: ${image}
`;

describe("kubectl diff", () => {
  let s: Session;
  beforeAll(async () => {
    s = kubectlSession();
    await s.run("kubectl version --client");
  });
  const write = (name: string, text: string) => s.run(`cat > ${name} <<'EOF'\n${text}EOF`);

  it("a new object: the whole MERGED file added against an empty LIVE one, exit 1", async () => {
    await write("/tmp/new.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fresh\ndata:\n  a: \"1\"\n");
    const r = await s.run("kubectl diff -f /tmp/new.yaml");
    const [header, minus, plus, range, ...rest] = r.stdout.split("\n");
    expect(header).toMatch(/^diff -u -N \/tmp\/LIVE-\d+\/v1\.ConfigMap\.default\.fresh \/tmp\/MERGED-\d+\/v1\.ConfigMap\.default\.fresh$/);
    expect(minus).toMatch(/^--- \/tmp\/LIVE-\d+\/v1\.ConfigMap\.default\.fresh\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000$/);
    expect(plus).toMatch(/^\+\+\+ \/tmp\/MERGED-\d+\/v1\.ConfigMap\.default\.fresh\t/);
    expect(range).toBe(`@@ -0,0 +1,${rest.length - 1} @@`);
    // The dry-run create's object: server fields filled in, no last-applied annotation (diff.go creates LocalObj as is).
    expect(rest).toContain("+  uid: " + rest.find((l) => l.startsWith("+  uid: "))!.slice(8));
    expect(r.stdout).not.toContain("last-applied-configuration");
    expect(r.exitCode).toBe(1);
    expect((await s.run("kubectl get cm fresh")).exitCode).toBe(1);
  });

  it("the same names every run: no differences → no output, exit 0; the dry run changes nothing", async () => {
    await write("/tmp/web.yaml", DEPLOY(2, "nginx:1.27"));
    await s.run("kubectl apply -f /tmp/web.yaml");
    expect(await s.run("kubectl diff -f /tmp/web.yaml")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("a changed object: the fields apply would change (and the generation the server bumps), in hunks", async () => {
    await write("/tmp/web.yaml", DEPLOY(4, "nginx:1.28"));
    const r = await s.run("kubectl diff -f /tmp/web.yaml");
    expect(r.exitCode).toBe(1);
    const body = r.stdout.split("\n").slice(3).join("\n");
    expect(body).toMatch(/^@@ -6,14 \+6,14 @@\n/);
    expect(body).toContain("-  generation: 1\n+  generation: 2\n");
    expect(body).toContain("-  replicas: 2\n+  replicas: 4\n");
    expect(body).toContain("-      - image: nginx:1.27\n+      - image: nginx:1.28\n");
    // GetModifiedConfiguration(annotate=false): the old last-applied annotation is not rewritten.
    expect(body).not.toMatch(/^[-+].*last-applied/m);
    expect((await s.run("kubectl get deploy web -o jsonpath={.spec.replicas}")).stdout).toBe("2");
  });

  it("masks a Secret's data: *** for the same value, *** (before) / *** (after) for a changed one", async () => {
    await write("/tmp/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ndata:\n  user: YWRtaW4=\n  pass: b2xk\n");
    await s.run("kubectl apply -f /tmp/secret.yaml");
    await write("/tmp/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ndata:\n  user: YWRtaW4=\n  pass: bmV3\n");
    const r = await s.run("kubectl diff -f /tmp/secret.yaml");
    expect(r.stdout).toContain("-  pass: '*** (before)'\n+  pass: '*** (after)'\n");
    expect(r.stdout).toContain("   user: '***'\n");
    expect(r.stdout).not.toContain("bmV3");
  });

  it.each([
    ["kubectl diff", "error: must specify one of -f and -k\n"],
    ["kubectl diff foo -f /tmp/web.yaml", "error: Unexpected args: [foo]\nSee 'kubectl diff -h' for help and examples\n"],
    ["kubectl diff -f nope.yaml", 'error: the path "nope.yaml" does not exist\n'],
    ["kubectl diff -f /tmp/web.yaml --force-conflicts", "error: --force-conflicts only works with --server-side\n"],
  ])("%s (recorded from kubectl 1.32: exit 2)", async (line, stderr) => {
    expect(await s.run(line)).toEqual({ stdout: "", stderr, exitCode: 2 });
  });
});
