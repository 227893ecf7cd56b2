// Sidecar containers seen through kubectl: no not-simulated warning any more, READY counts a
// started sidecar as printPod does (kubectl 1.32 printers.go: restartable init containers add to
// the total and, once started, to the ready count), and the sidecar's logs are there with -c.
// https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
import { describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";

const pod = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
  - name: shipper
    image: busybox:1.36
    restartPolicy: Always
    command: ["sh", "-c", "while true; do echo shipping; sleep 5; done"]
  containers:
  - name: app
    image: nginx:1.27
`;

describe("kubectl and sidecar containers", () => {
  it("apply warns of nothing, get pods shows 2/2 Running, logs -c reads the sidecar", async () => {
    const s = kubectlSession();
    const applied = await s.run(`cat <<'EOF' | kubectl apply -f -\n${pod}EOF`);
    expect(applied).toMatchObject({ stdout: "pod/web created\n", stderr: "", exitCode: 0 });
    await s.run("sleep 20");
    expect((await s.run("kubectl get pod web --no-headers")).stdout).toMatch(/^web\s+2\/2\s+Running\s+0\s+/);
    expect((await s.run("kubectl logs web -c shipper --tail=1")).stdout).toBe("shipping\n");
  });
});
