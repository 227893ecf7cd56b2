// kubectl set image against the live model, checked against kubectl 1.32's
// recorded client-side output (testdata/record.sh) and, where the real client
// needs a server, against kubectl/pkg/cmd/set/set_image.go.
// https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#updating-a-deployment
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import type { Deployment, ReplicaSet } from "../../sim/api/types.js";
import { parseImagePairs, splitResourcesAndPairs } from "./set.js";
import { golden, kubectlSession, recordedError } from "./testing.js";

const DEPLOY = kindNamed("Deployment")!;
const RS = kindNamed("ReplicaSet")!;

describe("kubectl set image: updating a Deployment (docs: Updating a Deployment)", () => {
  it("deployment/NAME and TYPE NAME forms print `image updated`; the controller rolls out a new ReplicaSet", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx:1.26 --replicas=3");
    const r = await s.run("kubectl set image deployment/web nginx=nginx:1.27");
    expect(r).toMatchObject({ stdout: "deployment.apps/web image updated\n", stderr: "", exitCode: 0 });
    await s.run("sleep 60");
    const d = s.world.api.find<Deployment>(DEPLOY, "default", "web")!;
    expect(d.spec?.template?.spec?.containers[0]?.image).toBe("nginx:1.27");
    const rss = s.world.api.list<ReplicaSet>(RS, "default");
    expect(rss).toHaveLength(2);
    const byRevision = Object.fromEntries(rss.map((rs) => [rs.metadata.annotations?.["deployment.kubernetes.io/revision"], rs]));
    expect(byRevision["1"]?.spec?.replicas).toBe(0);
    expect(byRevision["1"]?.spec?.template?.spec?.containers[0]?.image).toBe("nginx:1.26");
    expect(byRevision["2"]?.spec?.replicas).toBe(3);
    expect(byRevision["2"]?.spec?.template?.spec?.containers[0]?.image).toBe("nginx:1.27");
    // The short form `deploy web` resolves the same object.
    expect((await s.run("kubectl set image deploy web nginx=nginx:1.25")).stdout).toBe("deployment.apps/web image updated\n");
  });

  it("several container=image pairs, and `*` for every container (init containers included)", async () => {
    const s = kubectlSession();
    await s.run("kubectl apply -f set-image-web.yaml");
    expect((await s.run("kubectl set image deploy/web nginx=nginx:1.27 sidecar=busybox:1.37")).stdout).toBe("deployment.apps/web image updated\n");
    let spec = s.world.api.find<Deployment>(DEPLOY, "default", "web")!.spec!.template!.spec!;
    expect(spec.containers.map((c) => c.image)).toEqual(["nginx:1.27", "busybox:1.37"]);
    expect(spec.initContainers?.[0]?.image).toBe("busybox:1.36");
    await s.run("kubectl set image deploy/web '*=alpine:3.20'");
    spec = s.world.api.find<Deployment>(DEPLOY, "default", "web")!.spec!.template!.spec!;
    expect([...spec.containers, ...(spec.initContainers ?? [])].map((c) => c.image)).toEqual(["alpine:3.20", "alpine:3.20", "alpine:3.20"]);
  });

  it("an unknown container is an error; the other pairs still apply (set_image.go Run)", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx:1.26");
    const r = await s.run("kubectl set image deployment/web x=nginx:1.27");
    expect(r).toMatchObject({ stdout: "", stderr: 'error: unable to find container named "x"\n', exitCode: 1 });
    const mixed = await s.run("kubectl set image deployment/web nginx=nginx:1.27 x=y");
    expect(mixed).toMatchObject({ stdout: "deployment.apps/web image updated\n", stderr: 'error: unable to find container named "x"\n', exitCode: 1 });
    expect(s.world.api.find<Deployment>(DEPLOY, "default", "web")!.spec!.template!.spec!.containers[0]!.image).toBe("nginx:1.27");
  });

  it("the same image again sends no patch and prints nothing (set_image.go: no changes)", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx:1.26");
    const before = s.world.api.find(DEPLOY, "default", "web")!.metadata.resourceVersion;
    expect(await s.run("kubectl set image deployment/web nginx=nginx:1.26")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    expect(s.world.api.find(DEPLOY, "default", "web")!.metadata.resourceVersion).toBe(before);
  });

  it("--dry-run=client prints the changed object and leaves the cluster alone", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx:1.26");
    expect((await s.run("kubectl set image deployment/web nginx=nginx:1.27 --dry-run=client")).stdout).toBe("deployment.apps/web image updated (dry run)\n");
    const yaml = await s.run("kubectl set image deployment/web nginx=nginx:1.27 --dry-run=client -o yaml");
    expect(yaml.stdout).toContain("image: nginx:1.27");
    expect((await s.run("kubectl set image deployment/web nginx=nginx:1.27 --dry-run=server")).stdout).toBe("deployment.apps/web image updated (server dry run)\n");
    expect(s.world.api.find<Deployment>(DEPLOY, "default", "web")!.spec!.template!.spec!.containers[0]!.image).toBe("nginx:1.26");
  });

  it("pods and daemonsets have images to set too", async () => {
    const s = kubectlSession();
    await s.run("kubectl run p --image=nginx:1.26");
    expect((await s.run("kubectl set image pod/p p=nginx:1.27")).stdout).toBe("pod/p image updated\n");
    const ds = {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "agent", namespace: "default" },
      spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "agent", image: "busybox:1.36" }] } } },
    };
    expect(s.world.api.create(kindNamed("DaemonSet")!, ds as never, "default").ok).toBe(true);
    expect((await s.run("kubectl set image ds agent agent=busybox:1.37")).stdout).toBe("daemonset.apps/agent image updated\n");
  });

  it("--local -f prints the object without a server, like the real client (golden)", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl set image -f set-image-web.yaml '*=nginx:1.27' --local")).stdout).toBe(golden("set-image-local.name.golden"));
    expect((await s.run("kubectl set image -f set-image-web.yaml nginx=nginx:1.27 --local -o yaml")).stdout).toBe(golden("set-image-local.yaml.golden"));
  });
});

describe("kubectl set image: client-side errors recorded from kubectl 1.32", () => {
  it.each([
    ["set image", "set-image-no-args"],
    ["set image deploy/web nginx=nginx:1.27 --local", "set-image-local-no-file"],
    ["set image -f set-image-web.yaml x=y nginx=nginx:1.27 z=w --local -o name", "set-image-local-unknown"],
    ["set image -f set-image-web.yaml nginx=nginx:1.27 --local --dry-run=server", "set-image-local-server"],
    ["set image -f set-image-web.yaml nginx=nginx:1.27 bad --local", "set-image-pair-order"],
  ])("kubectl %s", async (cmd, name) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
  it("set's other subcommands say they are not simulated", async () => {
    expect((await kubectlSession().run("kubectl set selector svc/web app=x")).stderr).toBe("kadet: 'kubectl set selector' is not simulated yet\n");
  });
});

describe("argument parsing (cmdutil.GetResourcesAndPairs / ParsePairs)", () => {
  it("resources first, then pairs split at the first =", () => {
    expect(splitResourcesAndPairs(["deploy", "web", "a=b=c", "*=x"], "image")).toEqual({ resources: ["deploy", "web"], pairs: ["a=b=c", "*=x"] });
    expect(splitResourcesAndPairs(["a=b", "web"], "image")).toBe("all resources must be specified before image changes: web");
    expect(parseImagePairs(["a=b=c"])).toEqual(new Map([["a", "b=c"]]));
    expect(parseImagePairs(["web-"])).toBe("invalid image format: web-");
  });
});

describe("kubectl set image --record (deprecated, still accepted by 1.32)", () => {
  it("warns, and writes the command line into kubernetes.io/change-cause as RecordFlags does (recorded via testdata/rollout-fake-server.py)", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx:1.26");
    const r = await s.run("kubectl -s http://127.0.0.1:18437 set image deploy/web nginx=nginx:1.28 --record");
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError("set-image-record"));
    const annotations = s.world.api.find<Deployment>(DEPLOY, "default", "web")!.metadata.annotations;
    expect(`"kubernetes.io/change-cause":${JSON.stringify(annotations?.["kubernetes.io/change-cause"])}\n`).toBe(golden("set-image-record.change-cause.golden"));
  });
});
