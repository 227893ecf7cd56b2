/**
 * A pod's security context in its containers' processes, seen through
 * `kubectl exec` and the pod's status: the docs' "Configure a Security
 * Context for a Pod or Container" example (uid 1000, gid 3000, fsGroup 2000),
 * a container's runAsUser over the pod's, EACCES for a user that is not
 * root, EROFS with readOnlyRootFilesystem, and the kubelet's runAsNonRoot
 * refusal (pkg/kubelet/kuberuntime/security_context_others.go).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";
import type { Session } from "../session.js";

// The docs' security-context.yaml, with a container-level override and a second container.
const DEMO = `apiVersion: v1
kind: Pod
metadata: {name: security-context-demo}
spec:
  securityContext: {runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000}
  volumes: [{name: sec-ctx-vol, emptyDir: {}}]
  containers:
  - name: sec-ctx-demo
    image: busybox:1.36
    command: [sh, -c, sleep 1h]
    volumeMounts: [{name: sec-ctx-vol, mountPath: /data/demo}]
    securityContext: {allowPrivilegeEscalation: false}
  - name: other
    image: busybox:1.36
    command: [sleep, "3600"]
    securityContext: {runAsUser: 2000, readOnlyRootFilesystem: true}
  - name: debian
    image: nginx:1.27
    securityContext: {runAsUser: 101}
---
apiVersion: v1
kind: Pod
metadata: {name: nonroot}
spec:
  securityContext: {runAsNonRoot: true}
  containers:
  - {name: app, image: nginx:1.27}
---
apiVersion: v1
kind: Pod
metadata: {name: rootuser}
spec:
  securityContext: {runAsNonRoot: true}
  containers:
  - {name: app, image: nginx:1.27, securityContext: {runAsUser: 0}}
---
apiVersion: v1
kind: Pod
metadata: {name: nonroot-ok}
spec:
  securityContext: {runAsNonRoot: true, runAsUser: 1000}
  containers:
  - {name: app, image: busybox:1.36, command: [sleep, "3600"]}
`;

let s: Session;
beforeAll(async () => {
  s = kubectlSession();
  await s.run(`cat > pods.yaml <<'EOF'\n${DEMO}EOF`);
  const applied = await s.run("kubectl apply -f pods.yaml");
  expect(applied.exitCode, applied.stderr).toBe(0);
  applyWarnings = applied.stderr;
  await s.run("sleep 20");
});
let applyWarnings = "";

describe("settings the model stores but does not act on say so", () => {
  it("apply warns once about allowPrivilegeEscalation, which no process in kadet acts on; get shows it stored", async () => {
    expect(applyWarnings).toBe(
      "Warning: kadet does not simulate securityContext.allowPrivilegeEscalation in containers' processes: it is stored and checked by Pod Security admission, but no process gains or loses a privilege by it\n",
    );
    expect((await s.run("kubectl get pod security-context-demo -o jsonpath={.spec.containers[0].securityContext}")).stdout).toBe('{"allowPrivilegeEscalation":false}');
    expect((await s.run("kubectl apply -f pods.yaml")).stderr).toBe("");
  });
});

describe("the process user (docs: Configure a Security Context for a Pod or Container)", () => {
  it("id prints uid 1000, gid 3000 and the groups 2000 (fsGroup) and 3000, as busybox does", async () => {
    expect(await s.run("kubectl exec security-context-demo -c sec-ctx-demo -- id")).toEqual({ stdout: "uid=1000 gid=3000 groups=2000,3000\n", stderr: "", exitCode: 0 });
  });
  it("a container's runAsUser overrides the pod's; runAsGroup and fsGroup still come from the pod", async () => {
    expect((await s.run("kubectl exec security-context-demo -c other -- id")).stdout).toBe("uid=2000 gid=3000 groups=2000,3000\n");
  });
  it("GNU id (Debian-based nginx) names the image's own user and prints the primary group first", async () => {
    expect((await s.run("kubectl exec security-context-demo -c debian -- id")).stdout).toBe("uid=101(nginx) gid=3000 groups=3000,2000\n");
    expect((await s.run("kubectl exec security-context-demo -c debian -- whoami")).stdout).toBe("nginx\n");
  });
  it("whoami for a uid the image has no name for fails in busybox's words", async () => {
    expect(await s.run("kubectl exec security-context-demo -c sec-ctx-demo -- whoami")).toEqual({
      stdout: "",
      stderr: "whoami: unknown uid 1000\ncommand terminated with exit code 1\n",
      exitCode: 1,
    });
  });
  it("without a security context the image's user runs: root", async () => {
    await s.run("kubectl run plain --image=busybox:1.36 -- sleep 3600");
    await s.run("sleep 10");
    expect((await s.run("kubectl exec plain -- id")).stdout).toBe("uid=0(root) gid=0(root) groups=0(root)\n");
  });
});

describe("file permissions of a user that is not root", () => {
  it("writes to the emptyDir volume (0777) but not to the image's root-owned folders", async () => {
    expect((await s.run("kubectl exec security-context-demo -c sec-ctx-demo -- sh -c 'echo hello > /data/demo/testfile && cat /data/demo/testfile'")).stdout).toBe("hello\n");
    expect(await s.run("kubectl exec security-context-demo -c sec-ctx-demo -- touch /data/hh")).toEqual({
      stdout: "",
      stderr: "touch: /data/hh: Permission denied\ncommand terminated with exit code 1\n",
      exitCode: 1,
    });
    expect((await s.run("kubectl exec security-context-demo -c sec-ctx-demo -- touch /tmp/ok")).exitCode).toBe(0);
  });
  it("readOnlyRootFilesystem: EROFS wins over the permission check, even in /tmp", async () => {
    expect((await s.run("kubectl exec security-context-demo -c other -- touch /tmp/x")).stderr).toBe("touch: /tmp/x: Read-only file system\ncommand terminated with exit code 1\n");
  });
});

describe("runAsNonRoot: the kubelet's check before it creates the container", () => {
  it("an image that runs as root stays in CreateContainerConfigError with the kubelet's message", async () => {
    const uid = (await s.run("kubectl get pod nonroot -o jsonpath={.metadata.uid}")).stdout;
    const waiting = await s.run("kubectl get pod nonroot -o jsonpath='{.status.containerStatuses[0].state.waiting.reason}: {.status.containerStatuses[0].state.waiting.message}'");
    expect(waiting.stdout).toBe(`CreateContainerConfigError: container has runAsNonRoot and image will run as root (pod: "nonroot_default(${uid})", container: app)`);
    expect((await s.run("kubectl get pod nonroot")).stdout).toMatch(/nonroot\s+0\/1\s+CreateContainerConfigError/);
    expect((await s.run("kubectl describe pod nonroot")).stdout).toContain("Error: container has runAsNonRoot and image will run as root");
  });
  it("runAsUser: 0 breaks the policy in its own words; a non-zero runAsUser satisfies it", async () => {
    const msg = (await s.run("kubectl get pod rootuser -o jsonpath={.status.containerStatuses[0].state.waiting.message}")).stdout;
    expect(msg).toMatch(/^container's runAsUser breaks non-root policy \(pod: "rootuser_default\(.+\)", container: app\)$/);
    expect((await s.run("kubectl get pod nonroot-ok -o jsonpath={.status.phase}")).stdout).toBe("Running");
  });
});
