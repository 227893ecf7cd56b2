#!/usr/bin/env node
// Records the real kubectl 1.32's answer to every corpus input: the first
// line it prints to stderr for `kubectl apply -f FILE --dry-run=client` with
// no cluster, and its exit code. Inputs kubectl cannot decide without a server
// (it needs discovery or the OpenAPI schema first) are marked "@server".
// Run after `npm run build`:  node test/fuzz/record.mjs [KUBECTL]
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CORPUS_SIZE, fingerprint, fuzzInput } from "../../dist/test/fuzz/corpus.js";

const kubectl = process.argv[2] ?? "kubectl";
const dir = mkdtempSync(join(tmpdir(), "kadet-fuzz-"));
const SERVER = /failed to download openapi|connection refused|unable to recognize/;
const KLOG = /^[IWE]\d{4} /;

function run(i) {
  const input = fuzzInput(i);
  const file = join(dir, `in-${i % 8}-${i}.yaml`);
  writeFileSync(file, input.text);
  return new Promise((resolve) => {
    execFile(kubectl, ["apply", "-f", file, "--dry-run=client"], { timeout: 20_000, maxBuffer: 1 << 26, env: { PATH: process.env.PATH, HOME: dir } }, (error, _stdout, stderr) => {
      const exitCode = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      const first = stderr.split("\n").find((l) => l.trim() !== "" && !KLOG.test(l)) ?? "";
      const line = SERVER.test(first) ? "@server" : first.split(file).join("FILE");
      resolve([fingerprint(input.text), exitCode, line]);
    });
  });
}

const entries = new Array(CORPUS_SIZE);
let next = 0;
async function worker() {
  while (next < CORPUS_SIZE) {
    const i = next++;
    entries[i] = await run(i);
    if (i % 500 === 0) process.stderr.write(`${i}\n`);
  }
}
await Promise.all([worker(), worker(), worker()]);
const version = await new Promise((resolve) => execFile(kubectl, ["version", "--client", "-o", "json"], (_e, out) => resolve(JSON.parse(out).clientVersion.gitVersion)));
writeFileSync(new URL("./kubectl-1.32.json", import.meta.url), JSON.stringify({ kubectl: version, command: "kubectl apply -f FILE --dry-run=client", entries }) + "\n");
