// kadet's performance figures (issue 2): cold start, a one-command sandbox run,
// in-session command latency and selfcheck time, each against its target.
// Run with `npm run bench` (builds first). Prints figures; exits 0 either way.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const root = fileURLToPath(new URL("..", import.meta.url));
const kadet = `${root}dist/bundle/cli/main.js`;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))];
}
function timeProcess(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
    times.push(performance.now() - start);
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  }
  return median(times);
}
const ms = (n) => `${n.toFixed(1)} ms`;
const verdict = (ok) => (ok ? "ok" : "MISSED");

const nodeBaseline = timeProcess(["-e", "0"], 15);
const version = timeProcess([kadet, "--version"], 15);
console.log(`cold start: node -e 0 ${ms(nodeBaseline)}; kadet --version ${ms(version)} (${(version / nodeBaseline).toFixed(2)}x; target <= 2x: ${verdict(version <= 2 * nodeBaseline)})`);

const sandbox = timeProcess([kadet, "sandbox", "-c", "kubectl get nodes"], 10);
console.log(`kadet sandbox -c 'kubectl get nodes': ${ms(sandbox)} median of 10 (target <= 300 ms: ${verdict(sandbox <= 300)})`);

const { Session } = await import(`${root}dist/src/shell/session.js`);
const session = new Session({ preset: "default", cwd: root });
const mix = [
  "kubectl get pods -A",
  "kubectl get nodes",
  "kubectl get deploy -n kube-system",
  "kubectl describe node node01",
  "kubectl get pods -A -o wide",
  "kubectl get svc -A -o yaml",
  "kubectl get pods -n kube-system -o jsonpath='{.items[*].metadata.name}'",
  "kubectl get ns",
];
await session.run("kubectl create deployment web --image=nginx --replicas=3");
const latencies = [];
for (let i = 0; i < 1000; i++) {
  const start = performance.now();
  await session.run(mix[i % mix.length]);
  latencies.push(performance.now() - start);
}
const med = median(latencies);
console.log(`1,000 commands in one session: median ${ms(med)}, p99 ${ms(percentile(latencies, 99))} (target median <= 2 ms: ${verdict(med <= 2)})`);

const start = performance.now();
const self = spawnSync(process.execPath, [kadet, "selfcheck"], { cwd: root, encoding: "utf8" });
console.log(`kadet selfcheck: ${ms(performance.now() - start)} (exit ${self.status})`);
