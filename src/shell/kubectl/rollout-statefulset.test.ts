// rollout history and undo of a StatefulSet from its ControllerRevisions (kubectl 1.32
// StatefulSetHistoryViewer / StatefulSetRollbacker, texts from history.go and rollback.go).
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
