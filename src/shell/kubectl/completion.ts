/**
 * `kubectl completion SHELL` (kubectl/pkg/cmd/completion). The real command prints cobra's
 * generated script, which asks `kubectl __complete` for candidates. kadet's terminal completes
 * kubectl, its aliases and its resources itself (shell/completion.ts), so the script printed here
 * only defines the function the usual setup names (`complete -o default -F __start_kubectl k`)
 * and says what it is: `source <(kubectl completion bash)` works, and changes nothing.
 */
import { ok } from "../types.js";
import { usageError } from "./errors.js";
import { defineVerb } from "./verb.js";

const SHELLS = ["bash", "zsh", "fish", "powershell"];

function script(shell: string): string {
  const note = "kadet: the trainer's terminal completes kubectl, its aliases and resource names itself; this stands in for cobra's generated script";
  if (shell === "powershell") return `# ${note}\n`;
  if (shell === "fish") return `# ${note}\nfunction __start_kubectl; end\n`;
  return `# ${note}\n__start_kubectl() { :; }\n`;
}

export const completionVerb = defineVerb({
  name: "completion",
  helpKey: "completion",
  execute(ctx) {
    if (ctx.args.length === 0) return usageError(ctx.commandPath, "Shell not specified.");
    if (ctx.args.length > 1) return usageError(ctx.commandPath, "Too many arguments. Expected only the shell type.");
    const shell = ctx.args[0]!;
    if (!SHELLS.includes(shell)) return usageError(ctx.commandPath, `Unsupported shell type "${shell}".`);
    return ok(script(shell));
  },
});
