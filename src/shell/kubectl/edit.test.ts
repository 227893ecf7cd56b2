// kubectl edit in script mode: the editor is $KUBE_EDITOR / $EDITOR run on the temporary file
// in the sandbox. Expected texts are kubectl 1.32's (kubectl/pkg/cmd/util/editor/editoptions.go
// and editor.go; quoted where each test relies on them).
import { describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";
import { editHeader, manualStrip, stripComments } from "./edit-file.js";

const SET_3 = `EDITOR="sed -i 's/^  replicas: 1$/  replicas: 3/'"`;

async function withWeb() {
  const s = kubectlSession();
  await s.run("kubectl create deployment web --image=nginx");
  // An "editor" that keeps a copy of what it was given.
  await s.run(`echo 'cp "$1" /root/' > /root/keep.sh`);
  return s;
}

describe("kubectl edit", () => {
  it("applies a saved change and says `edited` (visitToPatch + the name printer)", async () => {
    const s = await withWeb();
    const r = await s.run(`${SET_3} kubectl edit deploy web`);
    expect(r).toEqual({ stdout: "deployment.apps/web edited\n", stderr: "", exitCode: 0 });
    expect((await s.run("kubectl get deploy web -o jsonpath='{.spec.replicas}'")).stdout).toBe("3");
    // the temporary file is removed after a successful edit
    expect((await s.run("ls /tmp")).stdout).not.toContain("kubectl-edit-");
  });

  it("the file starts with the edit header comment, then the object's YAML", async () => {
    const s = await withWeb();
    await s.run(`EDITOR="bash /root/keep.sh" kubectl edit deploy web`);
    const copied = (await s.run("cat /root/kubectl-edit-*.yaml")).stdout;
    expect(copied.startsWith(
      "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\napiVersion: apps/v1\nkind: Deployment\n",
    )).toBe(true);
    expect(copied).toBe(`${editHeader([])}${(await s.run("kubectl get deploy web -o yaml")).stdout}`);
  });

  it("an unchanged file (comments and layout do not count) cancels: `Edit cancelled, no changes made.` exit 0", async () => {
    const s = await withWeb();
    expect(await s.run("EDITOR=true kubectl edit deploy web")).toEqual({ stdout: "", stderr: "Edit cancelled, no changes made.\n", exitCode: 0 });
    const r = await s.run(`EDITOR="sed -i '/^#/d'" kubectl edit deploy/web`);
    expect(r.stderr).toBe("Edit cancelled, no changes made.\n");
  });

  it("an emptied file cancels: `Edit cancelled, saved file was empty.`", async () => {
    const s = await withWeb();
    const r = await s.run(`EDITOR="sed -i '/^[^#]/d'" kubectl edit deploy web`);
    expect(r).toEqual({ stdout: "", stderr: "Edit cancelled, saved file was empty.\n", exitCode: 0 });
  });

  it("an invalid object reopens with the reasons at the top; saving it again unchanged gives up and keeps the file", async () => {
    const s = await withWeb();
    const r = await s.run(`EDITOR="sed -i 's/^  replicas: 1$/  replicas: -1/'" kubectl edit deploy web`);
    const kept = r.stderr.match(/A copy of your changes has been stored to "(\/tmp\/kubectl-edit-[a-z0-9]{5}\.yaml)"/);
    expect(kept).not.toBeNull();
    expect(r.stderr).toBe(
      `error: deployments.apps "web" is invalid\nA copy of your changes has been stored to "${kept![1]}"\nerror: Edit cancelled, no valid changes were saved.\n`,
    );
    expect(r.exitCode).toBe(1);
    const file = (await s.run(`cat ${kept![1]}`)).stdout;
    expect(file).toContain('#\n# deployments.apps "web" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\napiVersion: apps/v1\n');
    expect(file).toContain("  replicas: -1\n");
    expect((await s.run("kubectl get deploy web -o jsonpath='{.spec.replicas}'")).stdout).toBe("1");
  });

  it("a reopened file fixed by the learner is applied (the error loop ends on a valid edit)", async () => {
    const s = await withWeb();
    // First pass breaks the YAML, second pass (the file now has the reason in its header) repairs it.
    await s.run(`cat > /root/fix.sh <<'EOF'
if grep -q 'syntax error' "$1"; then sed -i 's/^spec: \\[$/spec:/; s/^  replicas: 1$/  replicas: 2/' "$1"; else sed -i 's/^spec:$/spec: [/' "$1"; fi
EOF`);
    const r = await s.run(`EDITOR="bash /root/fix.sh" kubectl edit deploy web`);
    expect(r).toEqual({ stdout: "deployment.apps/web edited\n", stderr: "", exitCode: 0 });
    expect((await s.run("kubectl get deploy web -o jsonpath='{.spec.replicas}'")).stdout).toBe("2");
  });

  it("changing the kind or name is refused: `At least one of apiVersion, kind and name was changed`", async () => {
    const s = await withWeb();
    const r = await s.run(`EDITOR="sed -i 's/^  name: web$/  name: other/'" kubectl edit deploy web`);
    expect(r.stderr).toMatch(/^A copy of your changes has been stored to "\/tmp\/kubectl-edit-[a-z0-9]{5}\.yaml"\nerror: At least one of apiVersion, kind and name was changed\n$/);
    expect(r.exitCode).toBe(1);
  });

  it("a stale resourceVersion typed into the file is a conflict; kubectl suggests `kubectl replace -f`", async () => {
    const s = await withWeb();
    const r = await s.run(`EDITOR="sed -i 's/^  resourceVersion: .*/  resourceVersion: \\"1\\"/; s/^  replicas: 1$/  replicas: 2/'" kubectl edit deploy web`);
    expect(r.stderr).toMatch(
      /^error: deployments\.apps "web" could not be patched: Operation cannot be fulfilled on deployments\.apps "web": the object has been modified; please apply your changes to the latest version and try again\nYou can run `kubectl replace -f \/tmp\/kubectl-edit-[a-z0-9]{5}\.yaml` to try this update again\.\n$/,
    );
    expect(r.exitCode).toBe(1);
  });

  it("--output-patch prints the strategic merge patch, with $setElementOrder for containers", async () => {
    const s = await withWeb();
    const r = await s.run(`EDITOR="sed -i 's/- image: nginx$/- image: nginx:1.27/'" kubectl edit deploy web --output-patch`);
    expect(r.stdout).toBe(
      'Patch: {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":"nginx:1.27","name":"nginx"}]}}}}\ndeployment.apps/web edited\n',
    );
  });

  it("-o json edits JSON without a header and prints the result as JSON", async () => {
    const s = await withWeb();
    await s.run(`EDITOR="bash /root/keep.sh" kubectl edit deploy web -o json`);
    expect((await s.run("cat /root/kubectl-edit-*.json")).stdout.startsWith("{\n")).toBe(true);
    const r = await s.run(`EDITOR="sed -i 's/\\"replicas\\": 1,/\\"replicas\\": 4,/'" kubectl edit deploy web -o json`);
    expect(r.exitCode).toBe(0);
    expect((JSON.parse(r.stdout) as { spec: { replicas: number } }).spec.replicas).toBe(4);
  });

  it("-o name is refused before the editor opens (only json and yaml printers exist for the file)", async () => {
    const s = await withWeb();
    const r = await s.run("EDITOR=true kubectl edit deploy web -o name");
    expect(r).toEqual({ stdout: "", stderr: 'error: unable to match a printer suitable for the output format "name", allowed formats are: json,yaml\n', exitCode: 1 });
  });

  it("--save-config writes the last-applied-configuration annotation", async () => {
    const s = await withWeb();
    await s.run(`${SET_3} kubectl edit deploy web --save-config`);
    const annotation = (await s.run(`kubectl get deploy web -o jsonpath='{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}'`)).stdout;
    expect((JSON.parse(annotation) as { spec: { replicas: number } }).spec.replicas).toBe(3);
  });

  it("edits any kind, and several objects at once as a List (`kubectl edit cm`; an untouched item is `skipped`)", async () => {
    const s = kubectlSession();
    await s.run("kubectl create configmap a --from-literal=k=1; kubectl create configmap b --from-literal=k=1");
    const r = await s.run(`EDITOR="sed -i 's/^    k: \\"1\\"$/    k: \\"2\\"/'" kubectl edit cm`);
    expect(r).toEqual({ stdout: "configmap/a edited\nconfigmap/b edited\nconfigmap/kube-root-ca.crt skipped\n", stderr: "", exitCode: 0 });
    const one = await s.run(`EDITOR="sed -i 's/k: \\"2\\"/k: \\"3\\"/'" kubectl edit cm/a cm/b -o yaml`);
    expect(one.stdout.split("---\n")).toHaveLength(2);
    expect(one.stdout.match(/  k: "3"\n/g)).toHaveLength(2);
  });

  it("a missing object is the server's NotFound; no arguments is the builder's error", async () => {
    const s = kubectlSession();
    expect(await s.run("EDITOR=true kubectl edit pod nosuch")).toEqual({ stdout: "", stderr: 'Error from server (NotFound): pods "nosuch" not found\n', exitCode: 1 });
    expect((await s.run("EDITOR=true kubectl edit")).stderr).toMatch(/^error: You must provide one or more resources by argument or filename\./);
  });

  it("editor.go: text with spaces and no quotes is split on spaces (so an unquoted sed script breaks, as it does in kubectl)", async () => {
    const s = await withWeb();
    const r = await s.run(`EDITOR="sed -i s/replicas: 1/replicas: 3/" kubectl edit deploy web`);
    expect(r.stderr).toContain('error: there was a problem with the editor "sed -i s/replicas: 1/replicas: 3/"\n');
    expect(r.exitCode).toBe(1);
  });

  it("KUBE_EDITOR wins over EDITOR; an editor that does not exist cannot be launched", async () => {
    const s = await withWeb();
    const r = await s.run(`KUBE_EDITOR=true EDITOR=nosuch-editor kubectl edit deploy web`);
    expect(r.stderr).toBe("Edit cancelled, no changes made.\n");
    const missing = await s.run(`EDITOR=nosuch-editor kubectl edit deploy web`);
    expect(missing.stderr).toContain('error: unable to launch the editor "nosuch-editor"\n');
  });

  it("with no editor named, vi needs a terminal: a clear error in script mode, nothing hangs", async () => {
    const s = await withWeb();
    const r = await s.run("kubectl edit deploy web");
    expect(r.stderr).toMatch(/^kadet: the editor "vi" needs a terminal.*EDITOR=/);
    expect(r.stderr.endsWith('error: there was a problem with the editor "vi"\n')).toBe(true);
    expect(r.exitCode).toBe(1);
  });

  it("an editor that keeps producing broken YAML is stopped after 20 rounds instead of looping forever", async () => {
    const s = await withWeb();
    const r = await s.run(`EDITOR="sed -i 's/^spec:/spec: [/'" kubectl edit deploy web`);
    expect(r.stderr).toContain("kadet: the editor reopened the file 20 times");
    expect(r.exitCode).toBe(1);
  });
});

describe("the edit file's helpers (cmdutil.ManualStrip / StripComments)", () => {
  it("ManualStrip drops comment lines but keeps #! lines", () => {
    expect(manualStrip("# a\nx: 1\n  # b\n#!keep\ny: 2\n")).toBe("x: 1\n#!keep\ny: 2\n");
  });
  it("StripComments compares documents as JSON, so layout does not count", () => {
    expect(stripComments("# c\na:   1\nb: [x]\n")).toBe(stripComments("a: 1\nb:\n- x\n"));
  });
});

describe("kubectl edit patches the latest object", () => {
  it("a change made on the server while the file was open is kept (the patch has no resourceVersion unless typed)", async () => {
    const s = await withWeb();
    await s.run(`printf '%s\\n' 'kubectl label deploy web team=blue >/dev/null' "sed -i 's/^  replicas: 1\\$/  replicas: 2/' \\"\\$1\\"" > /root/busy.sh`);
    const r = await s.run(`EDITOR="bash /root/busy.sh" kubectl edit deploy web`);
    expect(r).toEqual({ stdout: "deployment.apps/web edited\n", stderr: "", exitCode: 0 });
    expect((await s.run("kubectl get deploy web -o jsonpath='{.spec.replicas} {.metadata.labels.team}'")).stdout).toBe("2 blue");
  });
});
