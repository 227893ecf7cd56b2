// The trainer in a real terminal (issues 7 and 12): time from `kadet` to its first frame, and
// from a keystroke to the frame that answers it. kadet runs under util-linux `script`, which
// gives it a pseudo-terminal; a frame ends where Ink closes its synchronized update
// (ESC[?2026l). Run with `npm run bench` (builds first). Prints figures; exits 0 either way.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const kadet = `${root}dist/bundle/cli/main.js`;
const FRAME_END = "\x1b[?2026l";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (n) => `${n.toFixed(1)} ms`;
const verdict = (ok) => (ok ? "ok" : "MISSED");

if (spawnSync("script", ["--version"]).status !== 0) {
  console.log("tui: util-linux `script` is not installed; skipped");
  process.exit(0);
}

/** One trainer in a pseudo-terminal; `frames` counts the frames it has finished drawing. */
function startTrainer(home) {
  const child = spawn("script", ["-qfc", `${JSON.stringify(process.execPath)} ${JSON.stringify(kadet)}`, "/dev/null"], {
    env: { ...process.env, KADET_HOME: home, TERM: "xterm-256color" },
    stdio: ["pipe", "pipe", "ignore"],
  });
  const state = { frames: 0, text: "", waiters: [] };
  child.stdout.setEncoding("utf8").on("data", (chunk) => {
    state.text += chunk;
    const ended = chunk.split(FRAME_END).length - 1;
    if (ended === 0) return;
    state.frames += ended;
    for (const w of state.waiters.splice(0)) w();
  });
  const nextFrame = (after) =>
    new Promise((resolve) => {
      const check = () => (state.frames > after ? resolve() : state.waiters.push(check));
      check();
    });
  return { child, state, nextFrame };
}

async function firstFrame() {
  const home = mkdtempSync(join(tmpdir(), "kadet-bench-tui-"));
  const start = performance.now();
  const t = startTrainer(home);
  await t.nextFrame(0);
  const elapsed = performance.now() - start;
  t.child.stdin.write("q");
  await new Promise((resolve) => t.child.on("close", resolve));
  rmSync(home, { recursive: true, force: true });
  return elapsed;
}

async function keystrokes(count) {
  const home = mkdtempSync(join(tmpdir(), "kadet-bench-tui-"));
  const t = startTrainer(home);
  await t.nextFrame(0);
  const latencies = [];
  for (let i = 0; i < count; i++) {
    const before = t.state.frames;
    const start = performance.now();
    // Down and up on the home menu: each moves the selection, so each draws a frame.
    t.child.stdin.write(i % 2 === 0 ? "j" : "k");
    await t.nextFrame(before);
    latencies.push(performance.now() - start);
  }
  t.child.stdin.write("q");
  await new Promise((resolve) => t.child.on("close", resolve));
  rmSync(home, { recursive: true, force: true });
  return latencies;
}

const starts = [];
for (let i = 0; i < 5; i++) starts.push(await firstFrame());
console.log(`trainer first frame (kadet in a pseudo-terminal): median ${ms(median(starts))} of 5 (target <= 300 ms: ${verdict(median(starts) <= 300)})`);
const keys = await keystrokes(60);
console.log(`keystroke to redrawn frame on the home menu: median ${ms(median(keys))}, p95 ${ms(percentile(keys, 95))} of 60 (target <= 16 ms: ${verdict(median(keys) <= 16)})`);
