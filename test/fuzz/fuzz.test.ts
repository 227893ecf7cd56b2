/**
 * kadet against the real kubectl 1.32 on the hostile-manifest corpus
 * (corpus.ts, recorded by record.mjs): for every input kubectl decides
 * without a server, kadet's first error line and exit code are kubectl's; for
 * the rest (kubectl needs the API server's schema first) kadet must still
 * answer promptly and never with an internal error.
 *
 * Where kadet's message still differs from kubectl's, the input's index is listed in
 * known-differences.json: the test fails on a new difference (a regression) and on a listed
 * one that now agrees (so the list only shrinks). `npm test` runs every 20th input;
 * `npm run fuzz` (FUZZ_ALL=1) runs all; FUZZ_UPDATE=1 with FUZZ_ALL rewrites the list.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Session } from "../../src/shell/session.js";
import { CORPUS_SIZE, fingerprint, fuzzInput } from "./corpus.js";

type Entry = [fingerprint: string, exitCode: number, firstLine: string];
const recording = JSON.parse(readFileSync(new URL("./kubectl-1.32.json", import.meta.url), "utf8")) as { kubectl: string; entries: Entry[] };

const knownFile = new URL("./known-differences.json", import.meta.url);
const known = new Set(JSON.parse(readFileSync(knownFile, "utf8")) as number[]);

const ALL = process.env.FUZZ_ALL === "1";
const STEP = ALL ? 1 : 20;
/** A command on any input answers within this (issue 6: "commands answer within 2 s"). */
const ANSWER_WITHIN_MS = 2000;

const dir = mkdtempSync(join(tmpdir(), "kadet-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function firstErrorLine(stderr: string): string {
  return stderr.split("\n").find((l) => l.trim() !== "" && !l.startsWith("Warning: ")) ?? "";
}

/**
 * FUZZ_REPORT's text: the failures, then every difference (listed or not)
 * grouped by kubectl's message with numbers and quoted text masked, largest
 * group first, so the commonest cause is fixed first.
 */
function report(mismatches: string[], details: { i: number; kubectl: string; kadet: string }[]): string {
  const shape = (line: string) => line.replace(/"[^"]*"|'[^']*'/g, "Q").replace(/\d+/g, "N");
  const groups = new Map<string, typeof details>();
  for (const d of details) {
    const key = shape(d.kubectl);
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
  const lines = [`${mismatches.length} failing`, ...mismatches, "", `${details.length} differences in ${groups.size} groups`];
  for (const [key, items] of sorted) {
    lines.push("", `== ${items.length}: ${key}`);
    for (const d of items.slice(0, 4)) lines.push(`  #${d.i}`, `    kubectl: ${d.kubectl}`, `    kadet:   ${d.kadet}`);
  }
  return `${lines.join("\n")}\n`;
}

describe(`hostile manifests: kubectl apply -f FILE --dry-run=client, kadet vs ${recording.kubectl}`, () => {
  it("the recording matches the corpus (re-record with test/fuzz/record.mjs when the generator changes)", () => {
    expect(recording.entries).toHaveLength(CORPUS_SIZE);
    for (const i of [0, 1, 2, 777, CORPUS_SIZE - 1]) expect(recording.entries[i]![0]).toBe(fingerprint(fuzzInput(i).text));
  });

  it(`${ALL ? "every" : "every 20th"} input: kubectl's first error line where kubectl decides alone, never an internal error, never slow`, async () => {
    const session = new Session({ preset: "bare", cwd: dir });
    const mismatches: string[] = [];
    const differing: number[] = [];
    const details: { i: number; kubectl: string; kadet: string }[] = [];
    for (let i = 0; i < CORPUS_SIZE; i += STEP) {
      const input = fuzzInput(i);
      const [, exitCode, line] = recording.entries[i]!;
      writeFileSync(join(dir, "in.yaml"), input.text);
      const started = performance.now();
      const result = await session.run("kubectl apply -f in.yaml --dry-run=client");
      const took = performance.now() - started;
      const ours = firstErrorLine(result.stderr).split("in.yaml").join("FILE");
      const where = `#${i} (${input.recipe})`;
      if (ours.includes("internal error")) mismatches.push(`${where}: ${ours}`);
      else if (took > ANSWER_WITHIN_MS) mismatches.push(`${where}: took ${Math.round(took)} ms`);
      else if (line !== "@server" && (ours !== line || result.exitCode !== exitCode)) {
        differing.push(i);
        details.push({ i, kubectl: `${line} (exit ${exitCode})`, kadet: `${ours} (exit ${result.exitCode})` });
        if (!known.has(i)) mismatches.push(`${where}:\n  kubectl: ${line} (exit ${exitCode})\n  kadet:   ${ours} (exit ${result.exitCode})`);
      } else if (known.has(i)) mismatches.push(`${where}: now agrees with kubectl; remove ${i} from known-differences.json`);
    }
    if (ALL && process.env.FUZZ_UPDATE === "1") {
      writeFileSync(knownFile, `${JSON.stringify(differing)}\n`);
      return;
    }
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, report(mismatches, details));
    expect(mismatches.slice(0, 40).join("\n")).toBe("");
  }, 600_000);
});
