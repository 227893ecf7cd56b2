// Scale figures (issue 12): the scheduler loop alone on large clusters, and a
// 1,000-replica Deployment created and rolled out through the whole model.
// Run by `npm run bench` after run.mjs (which builds); BENCH_BIG=1 adds 5,000 nodes / 10,000 pods.
// Prints each figure beside its target; exits 0 either way.
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const root = fileURLToPath(new URL("..", import.meta.url));
const { createWorld } = await import(`${root}dist/src/sim/world/create.js`);
const { nodeObject } = await import(`${root}dist/src/sim/world/nodes.js`);
const { kindNamed } = await import(`${root}dist/src/sim/api/kinds.js`);
const { SchedulerLoop } = await import(`${root}dist/src/sim/world/scheduler-loop.js`);
const { Session } = await import(`${root}dist/src/shell/session.js`);

const NODE = kindNamed("Node");
const POD = kindNamed("Pod");
const verdict = (ok) => (ok ? "ok" : "MISSED");

function schedulerScenario(nodeCount, podCount) {
  const world = createWorld("bare");
  for (let i = 0; i < nodeCount; i++) {
    world.api.create(NODE, nodeObject({ name: `n${String(i).padStart(5, "0")}`, cpu: "32", memory: "128Gi", pods: 110, index: i + 10 }, world.clock.nowIso()), undefined);
  }
  for (let i = 0; i < podCount; i++) {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: `p${i}`, labels: { app: "bench" } }, spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] } };
    world.api.create(POD, pod, "default");
  }
  const scheduler = world.loopsOfType(SchedulerLoop);
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  scheduler.reconcile(world);
  const seconds = (performance.now() - start) / 1000;
  const bound = world.api.list(POD, "default").filter((p) => p.spec?.nodeName).length;
  const heap = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 30;
  const rate = bound / seconds;
  console.log(`scheduling ${nodeCount} nodes / ${podCount} pods (scheduler loop only): ${rate.toFixed(0)} pods/s, ${bound} bound, heap +${heap.toFixed(2)} GB (target >= 2,000 pods/s: ${verdict(rate >= 2000)})`);
}

async function rolloutScenario() {
  const session = new Session({ preset: "bare", cwd: root });
  for (let i = 0; i < 10; i++) await session.run(`sim node add w${i} --cpu 64 --memory 256Gi --pods 200`);
  let start = performance.now();
  await session.run("kubectl create deployment web --image=nginx:1.26 --replicas=1000");
  await session.run("sim clock advance 60s");
  const created = (performance.now() - start) / 1000;
  const ready = (await session.run("kubectl get deploy web --no-headers")).stdout.trim();
  console.log(`1,000-replica Deployment, create + 60 s simulated: ${created.toFixed(2)} s wall (${ready}) (target <= 1 s: ${verdict(created <= 1)})`);
  start = performance.now();
  await session.run("kubectl set image deployment/web nginx=nginx:1.27");
  await session.run("sim clock advance 300s");
  const rolled = (performance.now() - start) / 1000;
  const after = (await session.run("kubectl get deploy web --no-headers")).stdout.trim();
  console.log(`1,000-replica set image rollout + 300 s simulated: ${rolled.toFixed(2)} s wall (${after}) (target <= 1 s: ${verdict(rolled <= 1)})`);
  const latencies = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await session.run(i % 2 ? "kubectl get pods" : "kubectl get deploy");
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  console.log(`in-session with 1,000 pods (get pods / get deploy): median ${latencies[25].toFixed(1)} ms, p98 ${latencies[49].toFixed(1)} ms (target median <= 2 ms: ${verdict(latencies[25] <= 2)})`);
}

/**
 * Issue 12's in-session figure: a learner's usual commands, one after another, in a session
 * holding `replicas` running pods (each command also lets one simulated second pass).
 */
async function inSessionScenario(replicas, nodes, commands, target) {
  const session = new Session({ preset: "bare", cwd: root });
  for (let i = 0; i < nodes; i++) await session.run(`sim node add w${i} --cpu 64 --memory 256Gi --pods 250`);
  await session.run(`kubectl create deployment web --image=nginx:1.26 --replicas=${replicas}`);
  // The controller manager creates 20 pods a second (its API client's qps): wait until all run.
  await session.run(`sim clock advance ${60 + Math.ceil(replicas / 20)}s`);
  const pod = (await session.run("kubectl get pods -o name")).stdout.split("\n")[0].replace("pod/", "");
  const lines = commands.map((c) => c.replace("POD", pod));
  const latencies = [];
  for (let round = 0; round < Math.ceil(200 / lines.length); round++) {
    for (const line of lines) {
      const t = performance.now();
      await session.run(line);
      latencies.push(performance.now() - t);
    }
  }
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const ok = at(0.5) <= target.median && (target.p99 === undefined || at(0.99) <= target.p99);
  const goal = `median <= ${target.median} ms${target.p99 !== undefined ? `, p99 <= ${target.p99} ms` : ""}`;
  console.log(`in-session with ${replicas.toLocaleString("en")} pods (${lines.join(" / ")}): median ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms of ${latencies.length} (target ${goal}: ${verdict(ok)})`);
}

// Node heartbeats: every kubelet renews its Lease every 10 s; 5,000 of them for 10 simulated minutes.
function nodeLeaseScenario(nodeCount) {
  const world = createWorld("bare");
  for (let i = 0; i < nodeCount; i++) {
    world.api.create(NODE, nodeObject({ name: `n${String(i).padStart(5, "0")}`, cpu: "32", memory: "128Gi", pods: 110, index: i + 10 }, world.clock.nowIso()), undefined);
  }
  world.reconcile();
  const start = performance.now();
  world.advance(600);
  const seconds = (performance.now() - start) / 1000;
  console.log(`${nodeCount} nodes renewing their leases, 600 s simulated: ${seconds.toFixed(2)} s wall (target <= 1 s: ${verdict(seconds <= 1)})`);
}

if (!process.env.BENCH_ONLY_SESSION) schedulerScenario(500, 1000);
if (!process.env.BENCH_ONLY_SESSION) schedulerScenario(1000, 3000);
if (process.env.BENCH_BIG === "1") schedulerScenario(5000, 10000);
if (!process.env.BENCH_ONLY_SESSION) nodeLeaseScenario(5000);
if (!process.env.BENCH_ONLY_SESSION) await rolloutScenario();
await inSessionScenario(500, 3, ["kubectl get pods", "kubectl get deploy", "kubectl get pod POD -o yaml", "kubectl describe deploy web", "kubectl get pods -o wide", "kubectl get pods -l app=web --no-headers | wc -l"], { median: 2, p99: 20 });
await inSessionScenario(10000, 40, ["kubectl get pods -A"], { median: 20 });
