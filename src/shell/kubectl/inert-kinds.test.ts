// Issue 5: objects kadet stores but no controller acts on must say so on apply/create.
import { describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";

const job = `apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox, command: [echo, hi]}]
`;

describe("kinds stored but not acted on", () => {
  it("a Job is acted on (the Job controller): applying one warns of nothing", async () => {
    const session = kubectlSession();
    const r = await session.run(`cat <<'EOF' | kubectl apply -f -\n${job}EOF`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("job.batch/once created\n");
    expect(r.stderr).toBe("");
  });
  it("kubectl create -f of a NetworkPolicy warns too; a Deployment does not", async () => {
    const session = kubectlSession();
    const netpol = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {}}\n";
    const r = await session.run(`cat <<'EOF' | kubectl create -f -\n${netpol}EOF`);
    expect(r.stderr).toMatch(/^Warning: kadet does not simulate NetworkPolicies yet: /);
    const d = await session.run("kubectl create deployment web --image=nginx");
    expect(d.stderr).toBe("");
  });

  it("imagePullSecrets on a pod or a workload template warn that kadet's registries ask for no credentials (registry.local:5000 is a registry:2 without authentication)", async () => {
    const session = kubectlSession();
    const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: priv}\nspec:\n  imagePullSecrets: [{name: reg}]\n  containers: [{name: c, image: nginx}]\n";
    const r = await session.run(`kubectl apply -f - <<'EOF'\n${pod}EOF`);
    expect(r.stdout).toBe("pod/priv created\n");
    expect(r.stderr).toBe("Warning: kadet does not simulate imagePullSecrets: its registries (Docker Hub, registry.local:5000) ask for no credentials, so the kubelet pulls without reading them\n");
    const plain = await session.run("kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata: {name: pub}\nspec:\n  containers: [{name: c, image: nginx}]\nEOF");
    expect(plain.stderr).toBe("");
  });
});

