// Records the real kubectl 1.32's `kubectl config ...` answers on kadet's default kubeconfig
// (default-kubeconfig.yaml, which config.test.ts proves kadet writes at ~/.kube/config).
// Each case in cases.json starts from a fresh home holding that file and runs its lines with
// sh; the transcript (stdout, stderr, exit status of each line) goes to <case>.json, the
// temporary home replaced by /root so paths read as in kadet's sandbox. Run: node record.mjs
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const here = new URL("./", import.meta.url);
const cases = JSON.parse(readFileSync(new URL("cases.json", here), "utf8"));
for (const [name, lines] of Object.entries(cases)) {
  const home = join(mkdtempSync(join(tmpdir(), "kadet-kc-")), "root");
  mkdirSync(join(home, ".kube"), { recursive: true });
  copyFileSync(new URL("default-kubeconfig.yaml", here), join(home, ".kube/config"));
  rmSync("/tmp/other", { force: true });
  const env = { PATH: "/usr/bin:/bin", HOME: home };
  // --request-timeout (below) shows in discovery URLs; kubectl's own default there is 32s.
  const fix = (s) => s.replaceAll(home, "/root").replaceAll("?timeout=2s", "?timeout=32s");
  const transcript = lines.map((line) => {
    // The real client would try to reach the cluster: refuse quickly (nothing listens at 192.168.0.10 here).
    const r = spawnSync("sh", ["-c", line.replaceAll("kubectl ", "kubectl --request-timeout=2s ").replace(/^KUBECONFIG=(\S+) kubectl --request-timeout=2s/, "KUBECONFIG=$1 kubectl --request-timeout=2s")], { env, encoding: "utf8", timeout: 20000 });
    return { line, stdout: fix(r.stdout), stderr: fix(r.stderr), exitCode: r.status };
  });
  writeFileSync(new URL(`${name}.json`, here), JSON.stringify(transcript, null, 2) + "\n");
  rmSync(join(home, ".."), { recursive: true, force: true });
}
