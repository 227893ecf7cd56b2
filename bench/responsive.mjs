// "Commands answer within 2 s whatever the cluster's size" (issue 6): the time until the prompt
// returns for commands that ask the model for a huge reconcile. Run after `npm run build`:
//   node bench/responsive.mjs
// Prints each command's wall time beside the 2 s target; exits 0 either way.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const root = fileURLToPath(new URL("..", import.meta.url));
const { Session } = await import(`${root}dist/src/shell/session.js`);
const TARGET_MS = 2000;

const cwd = mkdtempSync(join(tmpdir(), "kadet-responsive-"));
const manifest = (replicas) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: big\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: {app: big}\n  template:\n    metadata:\n      labels: {app: big}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n`;
writeFileSync(join(cwd, "big.yaml"), manifest(100000));

const session = new Session({ preset: process.env.PRESET ?? "default", cwd });
const lines = [
  "kubectl get ns",
  "kubectl create deployment web --image=nginx --replicas=2147483648",
  "kubectl apply -f big.yaml",
  "kubectl get deploy big",
  "kubectl get pods --no-headers | wc -l",
  "sim clock advance 60s",
  "kubectl get deploy big",
  "kubectl scale deploy big --replicas=3",
  "sim clock advance 60s",
  "kubectl get deploy big",
];
let missed = 0;
for (const line of lines) {
  const started = performance.now();
  const result = await session.run(line);
  const ms = performance.now() - started;
  if (ms > TARGET_MS) missed++;
  const first = (result.stdout + result.stderr).split("\n").filter((l) => l.trim() !== "").slice(0, 2).join(" | ");
  console.log(`${ms.toFixed(0).padStart(7)} ms  ${ms > TARGET_MS ? "MISSED" : "ok    "}  ${line}\n           ${first.slice(0, 150)}`);
}
console.log(`${missed} of ${lines.length} commands over ${TARGET_MS} ms`);
