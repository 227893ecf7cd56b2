// kubectl rollout status|history|undo|restart against the live model. Texts
// from kubectl 1.32's pkg/cmd/rollout and pkg/polymorphichelpers
// (rollout_status.go, history.go, rollback.go, objectrestarter.go); client-side
// errors recorded from the real client (testdata/record.sh). Behaviour from
// https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
// (Updating a Deployment, Checking Rollout History, Rolling Back).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import type { Deployment, ReplicaSet } from "../../sim/api/types.js";
import { daemonSetStatus, deploymentStatus, goDuration } from "./rollout.js";
import { golden, kubectlSession, recordedError } from "./testing.js";

const DEPLOY = kindNamed("Deployment")!;
const RS = kindNamed("ReplicaSet")!;
const REVISION = "deployment.kubernetes.io/revision";

function replicaSetsByRevision(s: ReturnType<typeof kubectlSession>): Record<string, ReplicaSet> {
  return Object.fromEntries(s.world.api.list<ReplicaSet>(RS, "default").map((rs) => [rs.metadata.annotations?.[REVISION] ?? "?", rs]));
}

function imageOf(s: ReturnType<typeof kubectlSession>): string | undefined {
  return s.world.api.find<Deployment>(DEPLOY, "default", "web")?.spec?.template?.spec?.containers[0]?.image;
}

/** A deployment web on nginx:1.26 (revision 1) updated to nginx:1.27 (revision 2), both rolled out. */
async function twoRevisions() {
  const s = kubectlSession();
  await s.run("kubectl create deployment web --image=nginx:1.26 --replicas=3");
  await s.run("kubectl set image deployment/web nginx=nginx:1.27");
  await s.run("sleep 60");
  return s;
}

const PROGRESS_LINE = [
  /^Waiting for deployment "web" rollout to finish: \d+ out of 3 new replicas have been updated\.\.\.$/,
  /^Waiting for deployment "web" rollout to finish: \d+ old replicas are pending termination\.\.\.$/,
  /^Waiting for deployment "web" rollout to finish: \d+ of 3 updated replicas are available\.\.\.$/,
  /^Waiting for deployment spec update to be observed\.\.\.$/,
];

describe("kubectl rollout status (docs: Updating a Deployment)", () => {
  it("waits in simulated time, printing rollout_status.go's progress lines, until the rollout finishes", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx:1.26 --replicas=3");
    const r = await s.run("kubectl set image deployment/web nginx=nginx:1.27 && kubectl rollout status deployment/web");
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("deployment.apps/web image updated");
    expect(lines.at(-1)).toBe('deployment "web" successfully rolled out');
    const progress = lines.slice(1, -1);
    expect(progress.length).toBeGreaterThan(0);
    for (const line of progress) expect(PROGRESS_LINE.some((re) => re.test(line))).toBe(true);
    // The rollout really is over in the model when status says so.
    const d = s.world.api.find<Deployment>(DEPLOY, "default", "web")!;
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });

  it("a finished rollout prints one line; --watch=false prints the current state once", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx:1.26 --replicas=3");
    expect(await s.run("kubectl rollout status deploy/web")).toMatchObject({ stdout: 'deployment "web" successfully rolled out\n', exitCode: 0 });
    const r = await s.run("kubectl set image deploy/web nginx=nginx:1.27 && kubectl rollout status deploy/web --watch=false");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(PROGRESS_LINE.some((re) => re.test(lines[1]!))).toBe(true);
    expect(r.exitCode).toBe(0);
  });

  it("a rollout stuck on a bad image never reports success; --timeout ends the watch (watchtools.UntilWithSync)", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx:1.26 --replicas=3");
    await s.run("kubectl set image deploy/web nginx=nginx:no-such-tag");
    const start = s.world.clock.now();
    const r = await s.run("kubectl rollout status deploy/web --timeout=30s");
    expect(r.stdout).toBe('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n');
    expect(r.stderr).toBe("error: timed out waiting for the condition\n");
    expect(r.exitCode).toBe(1);
    expect(s.world.clock.now() - start).toBeGreaterThanOrEqual(30_000);
    // Without --timeout it waits until the controller gives up at the progress deadline (600 s by
    // default), and says so as kubectl does (docs: Deployment, "Failed Deployment").
    const stuck = await s.run("kubectl rollout status deploy/web");
    expect(stuck.stderr).toBe('error: deployment "web" exceeded its progress deadline\n');
    expect(stuck.exitCode).toBe(1);
    expect(stuck.stdout).not.toContain("successfully rolled out");
  });

  it("--revision pins the revision being watched", async () => {
    const s = await twoRevisions();
    expect((await s.run("kubectl rollout status deploy/web --revision=2")).stdout).toBe('deployment "web" successfully rolled out\n');
    expect((await s.run("kubectl rollout status deploy/web --revision=1")).stderr).toBe("error: desired revision (1) is different from the running revision (2)\n");
  });

  it("kinds without a status viewer, and a missing object", async () => {
    const s = kubectlSession();
    await s.run("kubectl run p --image=nginx");
    expect((await s.run("kubectl rollout status pod/p")).stderr).toBe("error: no status viewer has been implemented for Pod\n");
    expect((await s.run("kubectl rollout status deploy/nope")).stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });
});

describe("DeploymentStatusViewer.Status (rollout_status.go, as in rollout_status_test.go)", () => {
  const deployment = (generation: number, observed: number, replicas: number, status: Record<string, number>, conditions: object[] = []) =>
    ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "foo", namespace: "bar", generation, annotations: { [REVISION]: "2" } },
      spec: { replicas },
      status: { observedGeneration: observed, ...status, conditions },
    }) as unknown as Deployment;
  it.each([
    [deployment(0, 1, 1, { replicas: 1, updatedReplicas: 0, availableReplicas: 1 }), 'Waiting for deployment "foo" rollout to finish: 0 out of 1 new replicas have been updated...\n', false],
    [deployment(1, 1, 1, { replicas: 2, updatedReplicas: 1, availableReplicas: 2 }), 'Waiting for deployment "foo" rollout to finish: 1 old replicas are pending termination...\n', false],
    [deployment(1, 1, 2, { replicas: 2, updatedReplicas: 2, availableReplicas: 1 }), 'Waiting for deployment "foo" rollout to finish: 1 of 2 updated replicas are available...\n', false],
    [deployment(1, 1, 2, { replicas: 2, updatedReplicas: 2, availableReplicas: 2 }), 'deployment "foo" successfully rolled out\n', true],
    [deployment(2, 1, 2, { replicas: 2, updatedReplicas: 2, availableReplicas: 2 }), "Waiting for deployment spec update to be observed...\n", false],
  ])("case %#", (d, line, done) => {
    expect(deploymentStatus(d, 0)).toEqual({ line, done });
  });
  it("a Progressing condition with reason ProgressDeadlineExceeded is the progress-deadline error", () => {
    const d = deployment(1, 1, 2, { replicas: 2, updatedReplicas: 1 }, [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }]);
    expect(deploymentStatus(d, 0)).toEqual({ error: 'deployment "foo" exceeded its progress deadline' });
  });
  it("daemon sets: updated, then available, then done", () => {
    const ds = (status: Record<string, number>) => ({ kind: "DaemonSet", metadata: { name: "agent", generation: 1 }, spec: {}, status: { observedGeneration: 1, ...status } }) as never;
    expect(daemonSetStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 1 }))).toEqual({ line: 'Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...\n', done: false });
    expect(daemonSetStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 }))).toEqual({ line: 'Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...\n', done: false });
    expect(daemonSetStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 }))).toEqual({ line: 'daemon set "agent" successfully rolled out\n', done: true });
  });
  it("--timeout reads Go durations", () => {
    expect(goDuration("0s")).toBe(0);
    expect(goDuration("1m30s")).toBe(90_000);
    expect(goDuration("abc")).toBeUndefined();
    expect(goDuration("30")).toBeUndefined();
  });
});

describe("kubectl rollout history (docs: Checking Rollout History of a Deployment)", () => {
  it("lists the ReplicaSets' revisions with CHANGE-CAUSE, <none> when unset", async () => {
    const s = await twoRevisions();
    expect((await s.run("kubectl rollout history deployment/web")).stdout).toBe("deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n");
    // The change-cause shown is the ReplicaSet's kubernetes.io/change-cause annotation (history.go getChangeCause).
    const rs = replicaSetsByRevision(s)["2"]!;
    const annotated = structuredClone(rs);
    annotated.metadata.annotations = { ...annotated.metadata.annotations, "kubernetes.io/change-cause": "image updated to 1.27" };
    expect(s.world.api.update(RS, annotated).ok).toBe(true);
    expect((await s.run("kubectl rollout history deploy web")).stdout).toBe("deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image updated to 1.27\n\n");
  });

  // The documented way to fill CHANGE-CAUSE: annotate the Deployment; the controller copies the
  // annotation to the ReplicaSet of the new template (deployment/util copyDeploymentAnnotationsToReplicaSet).
  it("shows the kubernetes.io/change-cause the Deployment carried when each revision was made", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx:1.25");
    await s.run("sleep 20");
    // (`kubectl annotate` is not simulated yet: the annotation is written through the API.)
    const d = structuredClone(s.world.api.find<Deployment>(DEPLOY, "default", "web")!);
    d.metadata.annotations = { ...d.metadata.annotations, "kubernetes.io/change-cause": "image updated to 1.27" };
    expect(s.world.api.update(DEPLOY, d).ok).toBe(true);
    await s.run("kubectl set image deployment/web nginx=nginx:1.27");
    await s.run("sleep 30");
    expect((await s.run("kubectl rollout history deployment/web")).stdout).toBe("deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image updated to 1.27\n\n");
  });

  it("--revision=N prints that revision's pod template as DescribePodTemplate writes it (tabs unaligned)", async () => {
    const s = await twoRevisions();
    const hash = replicaSetsByRevision(s)["1"]!.metadata.labels!["pod-template-hash"];
    const r = await s.run("kubectl rollout history deployment/web --revision=1");
    expect(r.stdout).toBe(
      "deployment.apps/web with revision #1\n" +
        "Pod Template:\n" +
        "  Labels:\tapp=web\n" +
        `\tpod-template-hash=${hash}\n` +
        "  Containers:\n" +
        "   nginx:\n" +
        "    Image:\tnginx:1.26\n" +
        "    Port:\t<none>\n" +
        "    Host Port:\t<none>\n" +
        "    Environment:\t<none>\n" +
        "    Mounts:\t<none>\n" +
        "  Volumes:\t<none>\n" +
        "  Node-Selectors:\t<none>\n" +
        "  Tolerations:\t<none>\n" +
        "\n",
    );
    expect(await s.run("kubectl rollout history deployment/web --revision=9")).toMatchObject({ stderr: "error: unable to find the specified revision\n", exitCode: 1 });
  });

  it("kinds without history", async () => {
    const s = kubectlSession();
    await s.run("kubectl run p --image=nginx");
    expect((await s.run("kubectl rollout history pod/p")).stderr).toBe('error: no history viewer has been implemented for "Pod"\n');
  });
});

describe("kubectl rollout undo (docs: Rolling Back a Deployment)", () => {
  it("restores the previous revision's template; its ReplicaSet becomes the newest revision", async () => {
    const s = await twoRevisions();
    const rev1 = replicaSetsByRevision(s)["1"]!.metadata.name;
    expect(await s.run("kubectl rollout undo deployment/web")).toMatchObject({ stdout: "deployment.apps/web rolled back\n", exitCode: 0 });
    await s.run("sleep 60");
    expect(imageOf(s)).toBe("nginx:1.26");
    const d = s.world.api.find<Deployment>(DEPLOY, "default", "web")!;
    // rollback.go removes pod-template-hash before writing the template back.
    expect(d.spec?.template?.metadata?.labels).toEqual({ app: "web" });
    const after = replicaSetsByRevision(s);
    expect(Object.keys(after).sort()).toEqual(["2", "3"]);
    expect(after["3"]!.metadata.name).toBe(rev1);
    expect(after["3"]!.spec?.replicas).toBe(3);
    expect((await s.run("kubectl rollout history deploy/web")).stdout).toBe("deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n");
  });

  it("--to-revision picks a revision; an unknown one and the current one are refused or skipped", async () => {
    const s = await twoRevisions();
    await s.run("kubectl set image deployment/web nginx=nginx:1.25");
    await s.run("sleep 60");
    expect(await s.run("kubectl rollout undo deployment/web --to-revision=9")).toMatchObject({ stderr: "error: unable to find specified revision 9 in history\n", exitCode: 1 });
    expect((await s.run("kubectl rollout undo deployment/web --to-revision=3")).stdout).toBe("deployment.apps/web skipped rollback (current template already matches revision 3)\n");
    expect((await s.run("kubectl rollout undo deployment/web --to-revision=2")).stdout).toBe("deployment.apps/web rolled back\n");
    await s.run("sleep 60");
    expect(imageOf(s)).toBe("nginx:1.27");
  });

  it("a deployment with one revision has no history to go back to; --dry-run=server changes nothing", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx:1.26");
    expect((await s.run("kubectl rollout undo deployment/web")).stderr).toBe('error: no rollout history found for deployment "web"\n');
    await s.run("kubectl set image deployment/web nginx=nginx:1.27");
    expect((await s.run("kubectl rollout undo deployment/web --dry-run=server")).stdout).toBe("deployment.apps/web rolled back (server dry run)\n");
    expect(imageOf(s)).toBe("nginx:1.27");
  });

  it("only deployments roll back here", async () => {
    const s = kubectlSession();
    await s.run("kubectl run p --image=nginx");
    expect((await s.run("kubectl rollout undo pod/p")).stderr).toBe('error: no rollbacker has been implemented for "Pod"\n');
  });
});

// docs: Deployment, "Pausing and Resuming a rollout of a Deployment"; wording from rollout_pause.go,
// rollout_resume.go and polymorphichelpers/objectpauser.go, objectresumer.go.
describe("kubectl rollout pause / resume", () => {
  it("holds template changes while paused and rolls them out on resume", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx:1.26 --replicas=2");
    await s.run("sleep 30");
    expect(await s.run("kubectl rollout pause deployment/web")).toEqual({ stdout: "deployment.apps/web paused\n", stderr: "", exitCode: 0 });
    await s.run("kubectl set image deployment/web nginx=nginx:1.27");
    await s.run("sleep 60");
    expect(s.world.api.list<ReplicaSet>(RS, "default")).toHaveLength(1);
    expect((await s.run("kubectl rollout history deploy/web")).stdout).toBe("deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n\n");

    expect((await s.run("kubectl rollout resume deploy web")).stdout).toBe("deployment.apps/web resumed\n");
    expect((await s.run("kubectl rollout status deploy/web")).stdout).toContain('deployment "web" successfully rolled out\n');
    const images = s.world.api.list<Deployment>(DEPLOY, "default")[0]!.spec!.template!.spec!.containers.map((c) => c.image);
    expect(images).toEqual(["nginx:1.27"]);
    expect(s.world.api.list<ReplicaSet>(RS, "default")).toHaveLength(2);
  });

  it("refuses to pause twice, to resume what is not paused, and to pause anything but a Deployment", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx:1.26");
    expect((await s.run("kubectl rollout resume deploy/web")).stderr).toBe('error: deployments.apps "web" is not paused\n');
    await s.run("kubectl rollout pause deploy/web");
    const again = await s.run("kubectl rollout pause deploy/web");
    expect(again).toEqual({ stdout: "", stderr: 'error: deployments.apps "web" is already paused\n', exitCode: 1 });
    expect((await s.run("kubectl rollout pause ds/kube-proxy -n kube-system")).stderr).toBe('error: daemonsets.apps "kube-proxy" pausing is not supported\n');
    expect((await s.run("kubectl rollout pause")).stderr).toBe("error: required resource not specified\n");
  });
});

describe("kubectl rollout restart", () => {
  it("stamps kubectl.kubernetes.io/restartedAt (RFC 3339, simulated clock) on the template, which rolls out a new ReplicaSet", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx:1.26 --replicas=2");
    const at = s.world.clock.nowIso();
    expect(await s.run("kubectl rollout restart deployment/web")).toMatchObject({ stdout: "deployment.apps/web restarted\n", exitCode: 0 });
    const d = s.world.api.find<Deployment>(DEPLOY, "default", "web")!;
    expect(d.spec?.template?.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"]).toBe(at);
    await s.run("sleep 60");
    const rss = replicaSetsByRevision(s);
    expect(rss["2"]?.spec?.replicas).toBe(2);
    expect(rss["1"]?.spec?.replicas).toBe(0);
  });

  it("a type without names restarts every object of it in the namespace (help: `kubectl rollout restart deployment -n test-namespace`)", async () => {
    const s = kubectlSession();
    await s.run("kubectl create namespace test-namespace");
    await s.run("kubectl create deployment a --image=nginx -n test-namespace");
    await s.run("kubectl create deployment b --image=nginx -n test-namespace");
    await s.run("kubectl create deployment elsewhere --image=nginx");
    expect((await s.run("kubectl rollout restart deployment -n test-namespace")).stdout).toBe("deployment.apps/a restarted\ndeployment.apps/b restarted\n");
    const stamped = (ns: string, name: string) => s.world.api.find<Deployment>(DEPLOY, ns, name)!.spec?.template?.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"];
    expect(stamped("test-namespace", "a")).toBeDefined();
    expect(stamped("default", "elsewhere")).toBeUndefined();
    // rollout status wants exactly one (rollout_status.go Run).
    expect((await s.run("kubectl rollout status deployment -n test-namespace")).stderr).toBe(
      "error: rollout status is only supported on individual resources and resource collections - 2 resources were found\n",
    );
    expect((await s.run("kubectl rollout status deployment")).stdout).toBe('deployment "elsewhere" successfully rolled out\n');
  });

  it("kinds that cannot restart", async () => {
    const s = kubectlSession();
    await s.run("kubectl run p --image=nginx");
    expect(await s.run("kubectl rollout restart pod/p")).toMatchObject({ stderr: 'error: pods "p" restarting is not supported\n', exitCode: 1 });
  });
});

describe("kubectl rollout: client-side errors recorded from kubectl 1.32", () => {
  it.each([
    ["rollout status", "rollout-status-no-args"],
    ["rollout history", "rollout-history-no-args"],
    ["rollout undo", "rollout-undo-no-args"],
    ["rollout restart", "rollout-restart-no-args"],
    ["rollout status deploy/web --revision=-1", "rollout-status-bad-revision"],
    ["rollout history deploy/web --revision=-2", "rollout-history-bad-revision"],
    ["rollout status deploy/web --timeout=abc", "rollout-status-bad-timeout"],
  ])("kubectl %s", async (cmd, name) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});

describe("against the real kubectl 1.32 on the same objects (testdata/rollout-fixture.json, served by rollout-fake-server.py)", () => {
  it("the fixture is what this world holds after twoRevisions() (re-record when the model changes)", async () => {
    const s = await twoRevisions();
    const fixture = JSON.parse(golden("rollout-fixture.json")) as { deployment: Deployment; replicasets: ReplicaSet[] };
    const d = s.world.api.find<Deployment>(DEPLOY, "default", "web")!;
    expect(d.spec).toEqual(fixture.deployment.spec);
    expect(d.metadata.annotations).toEqual(fixture.deployment.metadata.annotations);
    const rss = s.world.api.list<ReplicaSet>(RS, "default");
    expect(rss.map((rs) => [rs.metadata.name, rs.metadata.annotations, rs.spec])).toEqual(fixture.replicasets.map((rs) => [rs.metadata.name, rs.metadata.annotations, rs.spec]));
  });
  it.each([
    ["rollout history deployment/web", "rollout-history.golden"],
    ["rollout history deployment/web --revision=1", "rollout-history-rev1.golden"],
    ["rollout status deployment/web", "rollout-status-done.golden"],
    ["rollout undo deployment/web --dry-run=client", "rollout-undo-dry-run.golden"],
    ["rollout undo deployment/web --to-revision=2", "rollout-undo-skipped.golden"],
    ["rollout undo deployment/web", "rollout-undo.golden"],
  ])("kubectl %s", async (cmd, file) => {
    const s = await twoRevisions();
    const r = await s.run(`kubectl ${cmd}`);
    expect(r.stdout).toBe(golden(file));
    expect(r.exitCode).toBe(0);
  });
  it.each([
    ["rollout undo deployment/web --to-revision=9", "rollout-undo-unknown-revision"],
    ["set image deploy/web x=y", "set-image-unknown-container"],
  ])("kubectl %s fails as the real client does", async (cmd, name) => {
    const s = await twoRevisions();
    const r = await s.run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});

describe("kubectl rollout history -o (GetHistory: the revisions' ReplicaSets, oldest first)", () => {
  it("-o name lists the ReplicaSets as the real client does on the same objects", async () => {
    const s = await twoRevisions();
    expect((await s.run("kubectl rollout history deployment/web -o name")).stdout).toBe(golden("rollout-history.name.golden"));
    expect((await s.run("kubectl rollout history deployment/web --revision=1 -o jsonpath={.spec.template.spec.containers[0].image}")).stdout).toBe("nginx:1.26");
  });
});
