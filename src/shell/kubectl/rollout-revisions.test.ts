// rollout history and undo of a StatefulSet or DaemonSet from its ControllerRevisions (kubectl
// 1.32 StatefulSetHistoryViewer / DaemonSetHistoryViewer and their Rollbackers, texts from
// history.go and rollback.go; printHistory reads CHANGE-CAUSE from each revision's annotations).
import { describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";

const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27"}]
`;

describe("kubectl rollout history|undo statefulset", () => {
  it("lists one revision per template, undoes to the previous one, which becomes the newest revision", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl rollout undo sts/web")).stderr).toBe('Error from server (NotFound): statefulsets.apps "web" not found\n');
    await s.run(`cat <<'EOF' | kubectl apply -f -\n${sts}EOF`);
    await s.run("sleep 30");
    expect((await s.run("kubectl rollout undo sts/web")).stderr).toBe("error: no last revision to roll back to\n");
    await s.run("kubectl set image sts/web nginx=nginx:1.28");
    await s.run("sleep 60");
    expect((await s.run("kubectl rollout history sts/web")).stdout).toBe("statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n");
    expect((await s.run("kubectl rollout history sts/web --revision=1")).stdout).toContain("    Image:\tnginx:1.27\n");
    expect((await s.run("kubectl rollout undo sts/web")).stdout).toBe("statefulset.apps/web rolled back\n");
    await s.run("sleep 60");
    expect((await s.run("kubectl get pods -o jsonpath='{.items[*].spec.containers[0].image}'")).stdout).toBe("nginx:1.27 nginx:1.27");
    expect((await s.run("kubectl rollout history sts/web")).stdout).toBe("statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n");
    expect((await s.run("kubectl rollout undo sts/web --to-revision=3")).stdout).toBe("statefulset.apps/web skipped rollback (current template already matches revision 3)\n");
    expect((await s.run("kubectl rollout undo sts/web --to-revision=9")).stderr).toBe("error: unable to find specified revision 9 in history\n");
  });
});

const ds = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: "nginx:1.27"}]
`;

describe("kubectl rollout status|history|undo daemonset", () => {
  it("status follows the node-by-node update; history lists the revisions with the change cause the set carried; undo rolls the old template out again", async () => {
    const s = kubectlSession();
    await s.run(`cat <<'EOF' | kubectl apply -f -\n${ds}EOF`);
    await s.run("sleep 20");
    expect((await s.run("kubectl rollout undo ds/agent")).stderr).toBe("error: no last revision to roll back to\n");
    await s.run("kubectl annotate ds agent kubernetes.io/change-cause='nginx 1.28'");
    await s.run("kubectl set image ds/agent agent=nginx:1.28");
    const status = await s.run("kubectl rollout status ds/agent");
    expect(status.stdout.split("\n").at(-2)).toBe('daemon set "agent" successfully rolled out');
    expect(status.stdout).toMatch(/^Waiting for daemon set "agent" rollout to finish: \d out of 2 new pods have been updated\.\.\.\n/);
    expect((await s.run("kubectl rollout history ds/agent")).stdout).toBe("daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         nginx 1.28\n\n");
    expect((await s.run("kubectl rollout history daemonset agent --revision=1")).stdout).toContain("    Image:\tnginx:1.27\n");
    expect((await s.run("kubectl rollout undo ds/agent")).stdout).toBe("daemonset.apps/agent rolled back\n");
    await s.run("sleep 60");
    expect((await s.run("kubectl get pods -l app=agent -o jsonpath='{.items[*].spec.containers[0].image}'")).stdout).toBe("nginx:1.27 nginx:1.27");
    expect((await s.run("kubectl rollout history ds/agent")).stdout).toBe("daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n2         nginx 1.28\n3         <none>\n\n");
    expect((await s.run("kubectl rollout undo ds/agent --to-revision=3")).stdout).toBe("daemonset.apps/agent skipped rollback (current template already matches revision 3)\n");
  });

  it("get controllerrevisions shows printControllerRevision's columns", async () => {
    const s = kubectlSession();
    await s.run(`cat <<'EOF' | kubectl apply -f -\n${ds}EOF`);
    await s.run("sleep 5");
    expect((await s.run("kubectl get controllerrevisions")).stdout).toMatch(/^NAME +CONTROLLER +REVISION +AGE\nagent-[0-9a-z]+ +daemonset\.apps\/agent +1 +\d+s\n$/);
  });
});
