// `kubectl kustomize` against the real one: kubectl 1.32 embeds kustomize v5.5.0 and builds
// without a server, so testdata/kustomize/record.sh recorded its output for each case folder
// (CASE.golden, CASE.err). Field specs and order: kustomize api/konfig/builtinpluginconsts,
// api/resid (legacy order), api/hasher (the name hash).
// https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import { golden, kubectlSession, maskKlog } from "./testing.js";

const cwdOf = async (s: ReturnType<typeof kubectlSession>) => `${(await s.run("pwd")).stdout.trim().replace(/\/$/, "")}/kustomize`;

describe("kubectl kustomize, as kustomize v5.5 builds", () => {
  it.each(["base", "overlay", "features", "legacy"])("%s: the same objects, names, hashes and order as the real build", async (name) => {
    const s = kubectlSession();
    const r = await s.run(`cd kustomize && kubectl kustomize ${name}`);
    expect(r.stdout).toBe(golden(`kustomize/${name}.golden`));
    expect(r.stderr).toBe(golden(`kustomize/${name}.err`));
    expect(r.exitCode).toBe(0);
  });

  it.each(["no-kustomization", "unknown-field", "missing-resource", "outside-root", "bad-literal", "json-no-target", "patch-no-match", "duplicate", "exists"])(
    "errors/%s: kustomize's words",
    async (name) => {
      const s = kubectlSession();
      const here = await cwdOf(s);
      const r = await s.run(`cd kustomize && kubectl kustomize errors/${name}`);
      expect(r.exitCode).toBe(1);
      const mask = (t: string) => maskKlog(t.split(here).join("TESTDATA")).replace(/0xc[0-9a-f]+/g, "0xADDR");
      expect(mask(r.stderr)).toBe(mask(golden(`kustomize/errors/${name}.err`)));
    },
  );

  it("-o writes the build to a file; two folders are kustomize's error", async () => {
    const s = kubectlSession();
    expect(await s.run("kubectl kustomize kustomize/base -o /tmp/out.yaml")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect((await s.run("cat /tmp/out.yaml")).stdout).toBe(golden("kustomize/base.golden"));
    const r = await s.run("kubectl kustomize a b");
    expect(maskKlog(r.stderr)).toBe('EMMDD hh:mm:ss.uuuuuu PID run.go:72] "command failed" err="specify one path to kustomization.yaml"\n');
  });

  it("a field kustomize has but kadet does not build is refused, not skipped", async () => {
    const s = kubectlSession();
    const r = await s.run("mkdir -p /tmp/k && printf 'replacements:\\n- path: r.yaml\\n' > /tmp/k/kustomization.yaml && kubectl kustomize /tmp/k");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("kadet: the kustomization field 'replacements' is not simulated");
  });
});

describe("kubectl apply -k / create -k / diff -k / delete -k", () => {
  it("applies the overlay's objects, with their hashed ConfigMap referenced by the Deployment", async () => {
    const s = kubectlSession();
    await s.run("kubectl create namespace prod");
    const r = await s.run("kubectl apply -k kustomize/overlay");
    expect(r.stdout).toBe(
      "configmap/prod-settings-v1-7ggk78gh86 created\nsecret/prod-creds-v1-25k92892fb created\nservice/prod-web-v1 created\ndeployment.apps/prod-web-v1 created\n",
    );
    expect(r.stderr).toBe(golden("kustomize/overlay.err"));
    const d = s.world.api.find(kindNamed("Deployment")!, "prod", "prod-web-v1")! as unknown as { spec: { replicas: number } };
    expect(d.spec.replicas).toBe(3);
    expect((await s.run("kubectl apply -k kustomize/overlay")).stdout).toContain("deployment.apps/prod-web-v1 unchanged\n");
    expect((await s.run("kubectl diff -k kustomize/overlay")).exitCode).toBe(0);
    const del = await s.run("kubectl delete -k kustomize/overlay");
    expect(del.stdout).toBe('configmap "prod-settings-v1-7ggk78gh86" deleted\nsecret "prod-creds-v1-25k92892fb" deleted\nservice "prod-web-v1" deleted\ndeployment.apps "prod-web-v1" deleted\n');
  });

  it("replace -k acts on the built objects; get -k says it is not simulated", async () => {
    const s = kubectlSession();
    await s.run("kubectl create -k kustomize/base");
    expect((await s.run("kubectl replace -k kustomize/base")).stdout).toBe("configmap/settings-6g6752g68m replaced\nservice/web replaced\ndeployment.apps/web replaced\n");
    expect((await s.run("kubectl get -k kustomize/base -o name")).stderr).toBe("kadet: 'kubectl get -k' is not simulated yet\n");
  });

  it("create -k makes the objects; -f with -k is kubectl's error", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl create -k kustomize/base")).stdout).toBe("configmap/settings-6g6752g68m created\nservice/web created\ndeployment.apps/web created\n");
    expect(await s.run("kubectl apply -k kustomize/base -f x.yaml")).toEqual({ stdout: "", stderr: "error: only one of -f or -k can be specified\n", exitCode: 1 });
  });
});

// Strict decoding of kustomization.yaml: the messages of the real `kubectl kustomize` (v5.5.0) for
// each file, run on this machine (encoding/json's type errors, kustomize's generator check).
describe("kustomization.yaml decoding errors", () => {
  it.each([
    ["resources: notalist\n", "invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.resources of type []string"],
    ["resources: [5]\n", "invalid Kustomization: json: cannot unmarshal number into Go struct field Kustomization.resources of type string"],
    ["namePrefix: 5\n", "invalid Kustomization: json: cannot unmarshal number into Go struct field Kustomization.namePrefix of type string"],
    ["commonLabels: [a]\n", "invalid Kustomization: json: cannot unmarshal array into Go struct field Kustomization.commonLabels of type map[string]string"],
    ["commonLabels:\n  a: 5\n", "invalid Kustomization: json: cannot unmarshal number into Go struct field Kustomization.commonLabels of type string"],
    ["images: {a: b}\n", "invalid Kustomization: json: cannot unmarshal object into Go struct field Kustomization.images of type []types.Image"],
    ["replicas:\n- name: x\n  count: notnum\n", "invalid Kustomization: json: cannot unmarshal string into Go struct field Replica.replicas.count of type int64"],
    ["configMapGenerator:\n- literals: [a=b]\n", "a configmap must have a name"],
    ["secretGenerator:\n- literals: [a=b]\n", "a configmap must have a name"],
  ])("%j", async (text, error) => {
    const s = kubectlSession();
    const r = await s.run(`mkdir -p /tmp/kd && cat > /tmp/kd/kustomization.yaml <<'EOF_'\n${text}EOF_\nkubectl kustomize /tmp/kd`);
    expect(maskKlog(r.stderr)).toBe(`EMMDD hh:mm:ss.uuuuuu PID run.go:72] "command failed" err=${JSON.stringify(error)}\n`);
  });
});

describe("kustomization.yaml kinds (the real kubectl kustomize's answers)", () => {
  it("a file with nothing but apiVersion and kind is empty; another kind is refused on two lines", async () => {
    const s = kubectlSession();
    const empty = await s.run("mkdir -p /tmp/ke && printf 'kind: Kustomization\\n' > /tmp/ke/kustomization.yaml && kubectl kustomize /tmp/ke");
    expect(maskKlog(empty.stderr)).toBe('EMMDD hh:mm:ss.uuuuuu PID run.go:72] "command failed" err="kustomization.yaml is empty"\n');
    const foo = await s.run("printf 'kind: Foo\\nresources: [cm.yaml]\\n' > /tmp/ke/kustomization.yaml && kubectl kustomize /tmp/ke");
    expect(maskKlog(foo.stderr)).toBe('EMMDD hh:mm:ss.uuuuuu PID run.go:72] "command failed" err=<\n\tFailed to read kustomization file under /tmp/ke:\n\tkind should be Kustomization or Component\n >\n');
  });

  it("a Component built as the root builds like a Kustomization", async () => {
    const s = kubectlSession();
    const r = await s.run("mkdir -p /tmp/kc && printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: x\\n' > /tmp/kc/cm.yaml && printf 'apiVersion: kustomize.config.k8s.io/v1alpha1\\nkind: Component\\nresources: [cm.yaml]\\n' > /tmp/kc/kustomization.yaml && kubectl kustomize /tmp/kc");
    expect(r).toEqual({ stdout: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n", stderr: "", exitCode: 0 });
  });
});
