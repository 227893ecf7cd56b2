/**
 * `kubectl top` against the Metrics API of metrics-server, compared byte for byte with the real
 * kubectl 1.32 client's output (testdata/top/*.golden, recorded by record.sh from
 * top-fake-server.py, whose answers hold the usage this test's world has), and the errors of
 * staging/src/k8s.io/kubectl/pkg/cmd/top (top_pod.go, top_node.go).
 */
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const golden = (name: string) => readFileSync(new URL(`./testdata/top/${name}.golden`, import.meta.url), "utf8");
const session = () => new Session({ preset: "default", cwd: mkdtempSync(join(tmpdir(), "kadet-top-")) });

const PODS = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec: { nodeName: node01, containers: [{ name: web, image: "nginx:1.27" }] }
---
apiVersion: v1
kind: Pod
metadata: { name: hog }
spec: { nodeName: node01, containers: [{ name: hog, image: "nginx:1.27" }] }
---
apiVersion: v1
kind: Pod
metadata: { name: duo }
spec: { nodeName: node01, containers: [{ name: b, image: "nginx:1.27" }, { name: a, image: "nginx:1.27" }] }
`;

async function world(): Promise<Session> {
  const s = session();
  await s.run("sim addon enable metrics-server");
  await s.run(`cat > pods.yaml <<'EOF'\n${PODS}EOF`);
  await s.run("kubectl apply -f pods.yaml");
  await s.run("sim clock advance 40s");
  await s.run("sim usage pod/hog --memory 300Mi --cpu 250m");
  await s.run("sim usage pod/duo -c b --memory 64Mi --cpu 120m");
  return s;
}

describe("kubectl top (recorded from kubectl 1.32)", () => {
  it("without metrics-server: error: Metrics API not available", async () => {
    const s = session();
    expect(await s.run("kubectl top pods")).toEqual({ stdout: "", stderr: "error: Metrics API not available\n", exitCode: 1 });
    expect((await s.run("kubectl top nodes")).stderr).toBe("error: Metrics API not available\n");
  });

  it("metrics-server installed but its pod not Ready yet: the aggregated API is unavailable", async () => {
    const s = session();
    await s.run("sim addon enable metrics-server");
    expect((await s.run("kubectl top pods")).stderr).toBe("Error from server (ServiceUnavailable): the server is currently unable to handle the request (get pods.metrics.k8s.io)\n");
  });

  it("pods: columns, padding, name order, --sort-by, --containers, --sum, --no-headers", async () => {
    const s = await world();
    expect((await s.run("kubectl top pod")).stdout).toBe(golden("pods"));
    expect((await s.run("kubectl top pod --sort-by=memory")).stdout).toBe(golden("pods-sort-memory"));
    expect((await s.run("kubectl top pod --containers")).stdout).toBe(golden("pods-containers"));
    expect((await s.run("kubectl top pod --sum --sort-by=cpu")).stdout).toBe(golden("pods-sum"));
    expect((await s.run("kubectl top pod --no-headers --containers --sort-by=cpu")).stdout).toBe(golden("pods-containers-cpu"));
  });

  it("nodes: CPU(%) and MEMORY(%) of allocatable, --sort-by=cpu, one node", async () => {
    const s = await world();
    expect((await s.run("kubectl top node")).stdout).toBe(golden("nodes"));
    expect((await s.run("kubectl top node --sort-by=cpu")).stdout).toBe(golden("nodes-sort-cpu"));
    expect((await s.run("kubectl top node --no-headers node01")).stdout).toBe(golden("node01"));
  });

  it("errors: a pod without metrics, a bad --sort-by, NAME with a selector", async () => {
    const s = await world();
    expect((await s.run("kubectl top pod nope")).stderr).toBe('Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n');
    expect((await s.run("kubectl top pod --sort-by=name")).stderr).toBe("error: --sort-by accepts only cpu or memory\n");
    expect((await s.run("kubectl top pod web -l app=x")).stderr).toBe("error: only one of NAME or selector can be provided\n");
    expect((await s.run("kubectl top pod -n empty")).stderr).toBe("No resources found in empty namespace.\n");
  });

  it("CPU over the limit shows the limit as its ceiling (throttled)", async () => {
    const s = session();
    await s.run("sim addon enable metrics-server");
    await s.run(`echo '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"burn"},"spec":{"containers":[{"name":"burn","image":"polinux/stress","command":["stress"],"args":["--cpu","2"],"resources":{"limits":{"cpu":"300m"}}}]}}' | kubectl apply -f -`);
    await s.run("sim clock advance 40s");
    expect((await s.run("kubectl top pod burn --no-headers")).stdout).toMatch(/^burn +300m +1Mi +\n$/);
  });
});
