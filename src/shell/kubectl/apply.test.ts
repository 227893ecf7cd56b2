// `kubectl apply -f` against the live model; wording from kubectl 1.32
// (testdata/apply-multi.*.golden, testdata/errors/apply-*.err) and
// https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import { golden, kubectlSession, maskKlog, recordedError } from "./testing.js";
import { LAST_APPLIED } from "./apply.js";

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
EOF_`;

describe("kubectl apply", () => {
  it("creates, then says unchanged, then configured after an edit", async () => {
    const s = kubectlSession();
    const first = await s.run(`cat <<'EOF_' | kubectl apply -f -\n${DEPLOY}\n`);
    expect(first).toEqual({ stdout: "deployment.apps/web created\n", stderr: "", exitCode: 0 });
    const live = s.world.api.find(kindNamed("Deployment")!, "default", "web");
    expect(JSON.parse(live!.metadata.annotations![LAST_APPLIED]!).spec.replicas).toBe(2);
    const second = await s.run(`cat <<'EOF_' | kubectl apply -f -\n${DEPLOY}\n`);
    expect(second.stdout).toBe("deployment.apps/web unchanged\n");
    const third = await s.run(`cat <<'EOF_' | kubectl apply -f -\n${DEPLOY.replace("replicas: 2", "replicas: 4")}\n`);
    expect(third.stdout).toBe("deployment.apps/web configured\n");
    await s.run("sleep 30");
    expect((await s.run("kubectl get deploy web --no-headers")).stdout).toMatch(/^web\s+4\/4 /);
  });

  it("a field removed from the manifest is removed from the object (three-way merge)", async () => {
    const s = kubectlSession();
    const cm = (extra: string) => `cat <<'EOF_' | kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n${extra}EOF_\n`;
    await s.run(cm('  b: "2"\n'));
    expect((await s.run(cm(""))).stdout).toBe("configmap/c configured\n");
    expect(s.world.api.find(kindNamed("ConfigMap")!, "default", "c")!.data).toEqual({ a: "1" });
  });

  it("multi-document files and List kinds, as the real client prints them", async () => {
    expect((await kubectlSession().run("kubectl apply -f manifests/multi.yaml --dry-run=client")).stdout).toBe(golden("apply-multi.dryrun.golden"));
    expect((await kubectlSession().run("kubectl apply -f manifests/multi.yaml -o name")).stdout).toBe(golden("apply-multi.name.golden"));
  });

  it.each([
    ["apply -f manifests/mapping.yaml", "apply-mapping"],
    ["apply -f manifests/tab.yaml", "apply-tab"],
    ["apply -f manifests/indent.yaml", "apply-indent"],
    ["apply -f manifests/missing.yaml", "apply-nofile"],
    ["apply -f manifests/foo.yaml", "apply-unknown-kind"],
    ["apply", "apply-no-f"],
    // Recorded with --dry-run=client against a stub discovery server (kubectl maps the kind first).
    ["apply -f manifests/generate-name.yaml --dry-run=client", "apply-generate-name"],
    ["apply -f manifests/generate-name.yaml", "apply-generate-name"],
  ])("kubectl %s fails as the real client does", async (cmd, name) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });

  it("server errors name the file (cmdutil.AddSourceToErr)", async () => {
    const r = await kubectlSession().run("cat <<'EOF_' > /tmp/kadet-ns.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: nope\nEOF_\nkubectl apply -f /tmp/kadet-ns.yaml");
    expect(r.stderr).toBe('Error from server (NotFound): error when creating "/tmp/kadet-ns.yaml": namespaces "nope" not found\n');
  });
});

// apply.go GetModifiedConfiguration: the annotation is the object serialised with its
// namespace filled in and an annotations map that no longer holds the annotation itself.
// Secret data is stored with stringData merged into it (Convert_v1_Secret_To_core_Secret).
describe("kubectl apply: the last-applied annotation and a Secret's stringData", () => {
  it("records the manifest as kubectl 1.32 does, and stores stringData encoded under data", async () => {
    const s = kubectlSession();
    const manifest = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-creds\ntype: Opaque\ndata:\n  username: YWRtaW4=\nstringData:\n  password: s3cr3t";
    expect((await s.run(`cat <<'EOF_' | kubectl apply -f -\n${manifest}\nEOF_\n`)).stdout).toBe("secret/api-creds created\n");
    const live = s.world.api.find(kindNamed("Secret")!, "default", "api-creds")!;
    expect(live.metadata.annotations![LAST_APPLIED]).toBe(
      '{"apiVersion":"v1","data":{"username":"YWRtaW4="},"kind":"Secret","metadata":{"annotations":{},"name":"api-creds","namespace":"default"},"stringData":{"password":"s3cr3t"},"type":"Opaque"}\n',
    );
    expect(live.data).toEqual({ username: "YWRtaW4=", password: "czNjcjN0" });
    expect(live.stringData).toBeUndefined();
  });

  it("generateName without a name is refused by apply, but create takes it (apply.go applyOneObject)", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl apply -f manifests/generate-name.yaml")).exitCode).toBe(1);
    expect(s.world.api.list(kindNamed("Pod")!, "default")).toHaveLength(0);
    expect((await s.run("kubectl create -f manifests/generate-name.yaml")).stdout).toMatch(/^pod\/p-[a-z0-9]{5} created\n$/);
  });
});

describe("kubectl apply on an object not made by apply (apply.go warningNoLastAppliedConfigAnnotation)", () => {
  it("warns once, patches the annotation in, and succeeds", async () => {
    const s = kubectlSession();
    await s.run("kubectl create -f annotate-pod.yaml");
    const first = await s.run("kubectl apply -f annotate-pod.yaml");
    expect(first.exitCode).toBe(0);
    expect(first.stderr).toBe(
      "Warning: resource pods/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n",
    );
    expect((await s.run("kubectl apply -f annotate-pod.yaml")).stderr).toBe("");
  });
});

// The docs' walk-through (declarative-config, "How apply calculates differences and merges
// changes"): a field dropped from the file is cleared, a field another writer set (replicas by
// kubectl scale) is kept, and a changed strategy type clears rollingUpdate ($retainKeys).
describe("kubectl apply: the three-way strategic merge patch on the live model", () => {
  const file = (body: string) => `cat <<'EOF_' > /tmp/web.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n${body}  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n        env:\n        - name: A\n          value: "1"\nEOF_\n`;
  it("removes what the file dropped, keeps what others set, and switches strategy", async () => {
    const s = kubectlSession();
    await s.run(file("  minReadySeconds: 5\n  strategy:\n    rollingUpdate:\n      maxSurge: 1\n"));
    expect((await s.run("kubectl apply -f /tmp/web.yaml")).stdout).toBe("deployment.apps/web created\n");
    await s.run("kubectl scale deployment web --replicas=3");
    await s.run("kubectl set env deployment/web B=2");
    await s.run(file("  strategy:\n    type: Recreate\n"));
    const r = await s.run("kubectl apply -f /tmp/web.yaml");
    expect(r).toEqual({ stdout: "deployment.apps/web configured\n", stderr: "", exitCode: 0 });
    const live = s.world.api.find(kindNamed("Deployment")!, "default", "web")! as unknown as { spec: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(live.spec.minReadySeconds).toBeUndefined();
    expect(live.spec.replicas).toBe(3);
    expect(live.spec.strategy).toEqual({ type: "Recreate" });
    // B was set by `kubectl set env`, never by the file: three-way apply keeps it.
    expect(live.spec.template.spec.containers[0].env).toEqual([{ name: "A", value: "1" }, { name: "B", value: "2" }]);
    // The list holds more than the file, so the patch carries $setElementOrder/env again and kubectl
    // says configured (testdata/three-way/deployment-foreign-env.*, recorded); nothing changes.
    // (Once the rollout is over: until then the controllers write the Deployment's status, as its
    // last pod becomes available.)
    expect((await s.run("sleep 60")).exitCode).toBe(0);
    const rv = s.world.api.find(kindNamed("Deployment")!, "default", "web")!.metadata.resourceVersion;
    expect((await s.run("kubectl apply -f /tmp/web.yaml")).stdout).toBe("deployment.apps/web configured\n");
    expect(s.world.api.find(kindNamed("Deployment")!, "default", "web")!.metadata.resourceVersion).toBe(rv);
  });

  it("--dry-run=client on an existing object is `configured (dry run)` and sends nothing (apply.go)", async () => {
    const s = kubectlSession();
    await s.run(file(""));
    await s.run("kubectl apply -f /tmp/web.yaml");
    const rv = s.world.api.find(kindNamed("Deployment")!, "default", "web")!.metadata.resourceVersion;
    expect((await s.run("kubectl apply -f /tmp/web.yaml --dry-run=client")).stdout).toBe("deployment.apps/web configured (dry run)\n");
    expect(s.world.api.find(kindNamed("Deployment")!, "default", "web")!.metadata.resourceVersion).toBe(rv);
  });
});

// kubectl apply --prune (kubectl/pkg/cmd/apply/prune.go; the `pruned` lines, the warning and the
// flag errors as kubectl 1.32 printed them against a small fake API server): objects made by apply that the files no longer hold are deleted, objects
// made otherwise are kept, and the selector or --all is required.
describe("kubectl apply --prune", () => {
  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels:\n    app: shop\ndata:\n  a: "1"\n`;
  it("deletes what apply made and the files dropped; keeps what create made", async () => {
    const s = kubectlSession();
    await s.run(`mkdir -p /tmp/p && cat <<'EOF_' > /tmp/p/keep.yaml\n${cm("keep")}EOF_\ncat <<'EOF_' > /tmp/p/old.yaml\n${cm("old")}EOF_\ncat <<'EOF_' > /tmp/manual.yaml\n${cm("manual")}EOF_\n`);
    await s.run("kubectl apply -f /tmp/p && kubectl create -f /tmp/manual.yaml && rm /tmp/p/old.yaml");
    const r = await s.run("kubectl apply -f /tmp/p --prune -l app=shop --prune-allowlist=core/v1/ConfigMap");
    expect(r).toEqual({ stdout: "configmap/keep unchanged\nconfigmap/old pruned\n", stderr: "", exitCode: 0 });
    expect(s.world.api.find(kindNamed("ConfigMap")!, "default", "old")).toBeUndefined();
    expect(s.world.api.find(kindNamed("ConfigMap")!, "default", "manual")).toBeDefined();
  });

  it("the default allowlist warns as kubectl 1.32 does; --dry-run=client deletes nothing", async () => {
    const s = kubectlSession();
    await s.run(`mkdir -p /tmp/p && cat <<'EOF_' > /tmp/p/old.yaml\n${cm("old")}EOF_\ncat <<'EOF_' > /tmp/keep.yaml\n${cm("keep")}EOF_\nkubectl apply -f /tmp/p`);
    const r = await s.run("kubectl apply -f /tmp/keep.yaml --prune --all --dry-run=client");
    expect(r.stdout).toBe("configmap/keep created (dry run)\nconfigmap/old pruned (dry run)\n");
    expect(maskKlog(r.stderr)).toBe(
      "WMMDD hh:mm:ss.uuuuuu PID prune.go:71] Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.\n",
    );
    expect(s.world.api.find(kindNamed("ConfigMap")!, "default", "old")).toBeDefined();
  });

  it.each([
    ["--prune", "error: all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector"],
    ["--prune --all -l a=b", "error: cannot set --all and --selector at the same time"],
    ["--prune --all --server-side", "error: --prune is in alpha and doesn't currently work on objects created by server-side apply"],
    ["--force-conflicts", "error: --force-conflicts only works with --server-side"],
    ["--subresource=status", "error: --subresource can only be specified for --server-side"],
    ["--server-side", "kadet: 'kubectl apply --server-side' is not simulated yet (no object records managedFields)"],
  ])("apply %s is refused with the real client's words", async (flags, error) => {
    expect(await kubectlSession().run(`kubectl apply -f pod.yaml ${flags}`)).toEqual({ stdout: "", stderr: `${error}\n`, exitCode: 1 });
  });
});

// apply_view_last_applied.go and its test table (view resource without annotations); apply with
// a positional argument is cobra's `Unexpected args` (recorded from kubectl 1.32).
describe("kubectl apply view-last-applied and apply's subcommands", () => {
  it("prints the annotation as YAML or JSON; an object without it is an error", async () => {
    const s = kubectlSession();
    await s.run("kubectl apply -f pod.yaml && kubectl run bare --image=nginx");
    const yaml = await s.run("kubectl apply view-last-applied pod/web");
    expect(yaml.exitCode).toBe(0);
    expect(yaml.stdout).toMatch(/^apiVersion: v1\nkind: Pod\nmetadata:\n  annotations: \{\}\n  name: web\n  namespace: default\n/);
    const json = await s.run("kubectl apply view-last-applied pod web -o json");
    expect(JSON.parse(json.stdout).metadata.name).toBe("web");
    expect(json.stdout).toMatch(/^\{\n  "apiVersion": "v1",\n/);
    expect(await s.run("kubectl apply view-last-applied pod bare")).toEqual({ stdout: "", stderr: "error: no last-applied-configuration annotation found on resource: bare\n", exitCode: 1 });
  });

  it("set-last-applied and edit-last-applied say they are not simulated; a stray argument is refused", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl apply set-last-applied -f pod.yaml")).stderr).toBe("kadet: 'kubectl apply set-last-applied' is not simulated yet\n");
    expect(await s.run("kubectl apply foo -f pod.yaml")).toEqual({ stdout: "", stderr: "error: Unexpected args: [foo]\nSee 'kubectl apply -h' for help and examples\n", exitCode: 1 });
  });
});
