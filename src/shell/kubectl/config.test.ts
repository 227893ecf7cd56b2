/**
 * `kubectl config ...` and the kubeconfig file against the real kubectl 1.32:
 * testdata/config/record.mjs ran each case of cases.json with /usr/bin/kubectl
 * on a home holding default-kubeconfig.yaml; here the same lines run in a
 * kadet session and must print the same bytes (stdout, stderr, exit status).
 * kubectl's config subcommands print `error: ...` (lowercase, cmdutil.CheckErr)
 * even in the Google Cloud SDK build recorded here; we match that casing, no
 * normalising. Normalised only: what is the real process's and not the
 * model's — klog's wall-clock stamp and pid in discovery errors, and Go's
 * pointer addresses in `can't set a map to a value: map[k:0xc...]`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const folder = new URL("./testdata/config/", import.meta.url);
const cases = JSON.parse(readFileSync(new URL("cases.json", folder), "utf8")) as Record<string, string[]>;

interface Recorded {
  line: string;
  stdout: string;
  stderr: string;
  exitCode: number;
}

const processNoise = (text: string) => text.replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, "E<time> <pid> ").replace(/0xc[0-9a-f]+/g, "0xc<addr>");

describe("kubectl config against kubectl 1.32 (testdata/config)", () => {
  it("kadet writes kubeadm's admin.conf, byte for byte the file the recordings start from", async () => {
    const s = new Session({ cwd: "/tmp" });
    expect((await s.run("cat ~/.kube/config")).stdout).toBe(readFileSync(new URL("default-kubeconfig.yaml", folder), "utf8"));
    // clientcmd writes the file 0600.
    expect((await s.run("stat -c %a ~/.kube/config")).stdout).toBe("600\n");
  });

  it("every case has a recording", () => {
    const recorded = readdirSync(folder).filter((f) => f.endsWith(".json") && f !== "cases.json").map((f) => f.replace(/\.json$/, ""));
    expect(recorded.sort()).toEqual(Object.keys(cases).sort());
  });

  for (const name of Object.keys(cases)) {
    it(name, async () => {
      const transcript = JSON.parse(readFileSync(new URL(`${name}.json`, folder), "utf8")) as Recorded[];
      const s = new Session({ cwd: "/tmp" });
      for (const step of transcript) {
        const r = await s.run(step.line);
        expect({ line: step.line, stdout: processNoise(r.stdout), stderr: processNoise(r.stderr), exitCode: r.exitCode }).toEqual({
          line: step.line,
          stdout: processNoise(step.stdout),
          stderr: processNoise(step.stderr),
          exitCode: step.exitCode,
        });
      }
    });
  }
});
