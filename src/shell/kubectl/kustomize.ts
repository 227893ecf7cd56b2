/**
 * `kubectl kustomize [DIR]`: the kustomization built (kustomize/build.ts) and printed as
 * kustomize v5.5 prints it: each object as YAML with sorted keys, `---` between them, in the
 * legacy order; deprecation warnings on stderr; a failure as kubectl's klog line
 * (`E... run.go:72] "command failed" err="..."`). `-o PATH` writes the output to a file.
 */
import { failure, type CommandResult } from "../types.js";
import { klogLine } from "./errors.js";
import { kustomizeBuild } from "./kustomize/build.js";
import { toYAML } from "./printers/yaml.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export const kustomizeVerb = defineVerb({
  name: "kustomize",
  helpKey: "kustomize",
  async execute(ctx) {
    if (ctx.args.length > 1) return failure(klogLine("E", "run.go:72", `"command failed" err="specify one path to kustomization.yaml"`, ctx.world.clock.now()).trimEnd());
    if (ctx.flags.string("load-restrictor") === "LoadRestrictionsNone") return failure("kadet: 'kubectl kustomize --load-restrictor=LoadRestrictionsNone' is not simulated");
    const built = await kustomizeBuild(ctx.family, ctx.args[0] ?? ".");
    const stderr = built.warnings.map((w) => `${w}\n`).join("");
    if (!built.ok) return { stdout: "", stderr: stderr + klogLine("E", "run.go:72", `"command failed" err=${goQuote(built.error)}`, ctx.world.clock.now()), exitCode: 1 };
    const text = built.objects.map((o) => toYAML(o)).join("---\n");
    const target = ctx.flags.string("output");
    if (target !== "") {
      const written = await ctx.family.writeFile(target, text);
      if (!written.ok) return { stdout: "", stderr: `${stderr}${klogLine("E", "run.go:72", `"command failed" err=${goQuote(written.error)}`, ctx.world.clock.now())}`, exitCode: 1 };
      return { stdout: "", stderr, exitCode: 0 };
    }
    return { stdout: text, stderr, exitCode: 0 };
  },
});

/** klog's structured value: a quoted string, or for several lines `<`, each line after a tab, then ` >`. */
function goQuote(text: string): string {
  if (!text.includes("\n")) return JSON.stringify(text);
  return `<\n${text.split("\n").map((l) => `\t${l}`).join("\n")}\n >`;
}
