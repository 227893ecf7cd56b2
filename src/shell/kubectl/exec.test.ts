import { describe, expect, it } from "vitest";
import { kubectlSession, recordedError } from "./testing.js";
import type { Session } from "../session.js";

/** A pod from a manifest, run until its containers are up. */
async function podFrom(s: Session, yaml: string): Promise<void> {
  await s.run(`cat > pod.yaml <<'EOF'\n${yaml}EOF`);
  const applied = await s.run("kubectl apply -f pod.yaml");
  expect(applied.exitCode, applied.stderr).toBe(0);
  await s.run("sleep 15");
}

const TWO_CONTAINERS = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  volumes: [{name: shared, emptyDir: {}}]
  containers:
  - {name: app, image: busybox:1.36, command: [sleep, "3600"], env: [{name: GREETING, value: hello}], volumeMounts: [{name: shared, mountPath: /out}]}
  - {name: side, image: busybox:1.36, command: [sleep, "3600"], volumeMounts: [{name: shared, mountPath: /in, readOnly: true}]}
`;

describe("kubectl exec: the client's checks (kubectl 1.32 pkg/cmd/exec/exec.go, recorded in testdata/errors)", () => {
  it("refuses the old form without --, a missing pod and a missing command, word for word", async () => {
    const s = kubectlSession();
    for (const [line, golden] of [["kubectl exec web ls", "exec-web-ls"], ["kubectl exec", "exec"], ["kubectl exec web", "exec-web"]] as const) {
      const r = await s.run(line);
      expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(golden));
    }
  });

  it("a completed pod cannot be exec'd into (client side, before any request)", async () => {
    const s = kubectlSession();
    await s.run("kubectl run once --image=busybox:1.36 --restart=Never -- true");
    await s.run("sleep 15");
    expect((await s.run("kubectl get pod once -o jsonpath={.status.phase}")).stdout).toBe("Succeeded");
    const r = await s.run("kubectl exec once -- ls");
    expect(r).toEqual({ stdout: "", stderr: "error: cannot exec into a container in a completed pod; current phase is Succeeded\n", exitCode: 1 });
  });
});

describe("kubectl exec: container choice and the server's answers", () => {
  it("defaults to the first container with kubectl's notice, or to the annotated one silently", async () => {
    const s = kubectlSession();
    await podFrom(s, TWO_CONTAINERS);
    const r = await s.run("kubectl exec web -- printenv GREETING");
    // podcmd.FindOrDefaultContainerByName: "Defaulted container %q out of: %s".
    expect(r).toEqual({ stdout: "hello\n", stderr: 'Defaulted container "app" out of: app, side\n', exitCode: 0 });
    expect((await s.run("kubectl exec -q web -- printenv GREETING")).stderr).toBe("");
    await s.run("kubectl delete pod web");
    await podFrom(s, TWO_CONTAINERS.replace("metadata: {name: web}", "metadata: {name: web, annotations: {kubectl.kubernetes.io/default-container: side}}"));
    const annotated = await s.run("kubectl exec web -- printenv GREETING");
    // The side container has no GREETING: printenv exits 1, which kubectl reports.
    expect(annotated).toEqual({ stdout: "", stderr: "command terminated with exit code 1\n", exitCode: 1 });
  });

  it("an unknown -c is the API server's BadRequest; a container that is not running is the kubelet's 'container not found'", async () => {
    const s = kubectlSession();
    await podFrom(s, TWO_CONTAINERS);
    expect((await s.run("kubectl exec web -c nope -- ls")).stderr).toBe("Error from server (BadRequest): container nope is not valid for pod web\n");
    await s.run("kubectl run broken --image=busybox:1.36 -- false");
    await s.run("sleep 20");
    const r = await s.run("kubectl exec broken -- ls");
    expect(r).toEqual({ stdout: "", stderr: 'error: unable to upgrade connection: container not found ("broken")\n', exitCode: 1 });
  });

  it("is authorized as create on pods/exec: the view role may read pods but not exec into them", async () => {
    const s = kubectlSession();
    await podFrom(s, TWO_CONTAINERS);
    await s.run("kubectl create rolebinding jane-view --clusterrole=view --user=jane");
    const r = await s.run("kubectl exec web -c app --as jane -- ls /out");
    expect(r.stderr).toBe('Error from server (Forbidden): pods "web" is forbidden: User "jane" cannot create resource "pods/exec" in API group "" in the namespace "default"\n');
    await s.run("kubectl create rolebinding jane-edit --clusterrole=edit --user=jane");
    expect((await s.run("kubectl exec web -c app --as jane -- ls /out")).exitCode).toBe(0);
  });

  it("a program the image lacks is containerd's exec error; an interactive shell is not simulated", async () => {
    const s = kubectlSession();
    await podFrom(s, TWO_CONTAINERS);
    const r = await s.run("kubectl exec web -c app -- bash");
    expect(r.stderr).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in \$PATH: unknown\n$/);
    expect((await s.run("kubectl exec -it web -c app -- sh")).stderr).toMatch(/^kadet: an interactive shell .* is not simulated yet/);
  });
});

describe("kubectl exec: inside the container", () => {
  it("env shows PATH, HOSTNAME (the pod's name), the pod's variables, the service links and HOME", async () => {
    const s = kubectlSession();
    await podFrom(s, TWO_CONTAINERS);
    const lines = (await s.run("kubectl exec web -c app -- env")).stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=web", "GREETING=hello"]);
    // pkg/kubelet/envvars: the master service's variables reach every pod.
    expect(lines).toContain("KUBERNETES_SERVICE_HOST=10.96.0.1");
    expect(lines).toContain("KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443");
    expect(lines.at(-2)).toBe("HOME=/root");
  });

  it("an emptyDir is shared by the pod's containers; a readOnly mount refuses writes with EROFS", async () => {
    const s = kubectlSession();
    await podFrom(s, TWO_CONTAINERS);
    expect((await s.run("kubectl exec web -c app -- sh -c 'echo $GREETING from app > /out/msg'")).exitCode).toBe(0);
    expect((await s.run("kubectl exec web -c side -- cat /in/msg")).stdout).toBe("hello from app\n");
    const r = await s.run("kubectl exec web -c side -- touch /in/x");
    expect(r).toEqual({ stdout: "", stderr: "touch: /in/x: Read-only file system\ncommand terminated with exit code 1\n", exitCode: 1 });
    const sh = await s.run("kubectl exec web -c side -- sh -c 'echo x > /in/y'");
    expect(sh.stderr).toBe("sh: can't create /in/y: Read-only file system\ncommand terminated with exit code 1\n");
  });

  it("writes outside volumes land in the container's own layer, which the pod's other container does not see", async () => {
    const s = kubectlSession();
    await podFrom(s, TWO_CONTAINERS);
    await s.run("kubectl exec web -c app -- sh -c 'echo a > /tmp/scratch'");
    expect((await s.run("kubectl exec web -c app -- cat /tmp/scratch")).stdout).toBe("a\n");
    expect((await s.run("kubectl exec web -c app -- ls /tmp")).stdout).toBe("scratch\n");
    // The other container has its own root file system.
    expect((await s.run("kubectl exec web -c side -- ls /tmp")).stdout).toBe("");
  });

  it("a missing file in a known folder is busybox's error, and kubectl reports the exit code", async () => {
    const s = kubectlSession();
    await podFrom(s, TWO_CONTAINERS);
    const r = await s.run("kubectl exec web -c app -- cat /out/none");
    expect(r).toEqual({ stdout: "", stderr: "cat: can't open '/out/none': No such file or directory\ncommand terminated with exit code 1\n", exitCode: 1 });
    expect((await s.run("kubectl exec web -c app -- hostname")).stdout).toBe("web\n");
    expect((await s.run("kubectl exec web -c app -- cat /etc/hostname")).stdout).toBe("web\n");
  });

  it("network tools inside pods say they are not simulated", async () => {
    const s = kubectlSession();
    await podFrom(s, TWO_CONTAINERS);
    const r = await s.run("kubectl exec web -c app -- wget -qO- http://kubernetes");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/is not simulated yet/);
  });
});
