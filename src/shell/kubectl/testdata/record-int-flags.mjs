// Records which integer flags of each recorded verb are int32 and which are int64 (pflag
// Int32 vs Int/Int64), by giving the real kubectl 1.32 a value one past int32's range:
//   node src/shell/kubectl/testdata/record-int-flags.mjs /usr/bin/kubectl > src/shell/kubectl/int-flag-bits.ts
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const kubectl = process.argv[2] ?? "kubectl";
const dir = new URL("./help/", import.meta.url);
const GROUPS = ["create-service-", "create-secret-", "create-", "config-", "rollout-", "set-"];
const sizes = {};
for (const file of readdirSync(dir).sort()) {
  const key = file.replace(/\.txt$/, "");
  const group = GROUPS.find((g) => key.startsWith(g));
  const command = group ? [...group.slice(0, -1).split("-"), key.slice(group.length)] : [key];
  if (key === "kubectl" || key === "options") continue;
  for (const line of readFileSync(new URL(file, dir), "utf8").split("\n")) {
    const m = line.match(/^ {4}(?:-\w, )?--([\w-]+)=(-?\d+):$/);
    if (!m) continue;
    let out = "";
    try {
      out = execFileSync(kubectl, [...command, `--${m[1]}=2147483648`, "--request-timeout=1ms", "--server=http://127.0.0.1:1"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      out = `${e.stdout}${e.stderr}`;
    }
    (sizes[key] ??= {})[m[1]] = out.includes("value out of range") ? 32 : 64;
  }
}
process.stdout.write(`/**
 * The bit size of each integer flag of the recorded verbs (pflag Int32 or Int/Int64), recorded
 * from the real kubectl by testdata/record-int-flags.mjs. Generated: do not edit.
 */
export const INT_FLAG_BITS: Readonly<Record<string, Readonly<Record<string, 32 | 64>>>> = ${JSON.stringify(sizes, null, 2)};
`);
