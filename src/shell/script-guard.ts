/**
 * A check on every script the interpreter runs, not only the line the learner typed (issue 6).
 * Text that becomes a script while a line runs (`eval "echo {1..$n}"`, `source file`,
 * `bash -c`/`sh -c`, a trap, a script file, a command substitution) reaches just-bash's
 * interpreter through its `executeScript(ast)`; a brace range there over just-bash's silent
 * 10,000-word cap is refused with line-limits' message, instead of being cut short.
 *
 * just-bash does not export its interpreter class. Its constructor binds `executeScript` with
 * `Function.prototype.bind`, so one probe run with `bind` wrapped for its duration finds the
 * prototype, which is then wrapped once for the whole process (every Bash shares it: the
 * learner's shell, a host's shell after `ssh`, the editor's lines). `script-guard.test.ts` fails
 * if a just-bash upgrade changes that shape.
 */
import type { Bash as BashClass, parse as parseScript } from "just-bash";
import { scriptRangeRefusal } from "./line-limits.js";

interface InterpreterLike {
  ctx: { state: { env: Map<string, string> } };
}
type ExecuteScript = (this: InterpreterLike, ast: unknown) => Promise<unknown>;

const GUARDED = Symbol.for("kadet.scriptGuard");

let installed: Promise<boolean> | undefined;

/** Wraps the interpreter's executeScript once per process; false when its prototype cannot be found. */
export function installScriptGuard({ Bash, parse }: { Bash: typeof BashClass; parse: typeof parseScript }): Promise<boolean> {
  installed ??= findInterpreterPrototype(Bash).then((proto) => {
    if (proto === undefined || typeof proto.executeScript !== "function") return false;
    if ((proto.executeScript as { [GUARDED]?: true })[GUARDED]) return true;
    const original = proto.executeScript as ExecuteScript;
    const guarded: ExecuteScript = async function (this: InterpreterLike, ast: unknown) {
      // just-bash keeps the aliases as BASH_ALIAS_<name> shell variables (line-runner.ts carries them).
      const env = this.ctx.state.env;
      const refusal = scriptRangeRefusal(ast, (name) => env.get(`BASH_ALIAS_${name}`), parse);
      if (refusal === undefined) return original.call(this, ast);
      env.set("?", "1");
      return { stdout: "", stderr: `${refusal}\n`, exitCode: 1, env: Object.assign(Object.create(null), Object.fromEntries(env)) as Record<string, string> };
    };
    Object.defineProperty(guarded, GUARDED, { value: true });
    proto.executeScript = guarded;
    return true;
  });
  return installed;
}

async function findInterpreterPrototype(Bash: typeof BashClass): Promise<{ executeScript?: unknown } | undefined> {
  let found: { executeScript?: unknown } | undefined;
  const bind = Function.prototype.bind;
  // The probe sees every bind while one empty script runs; it keeps the object whose own
  // `executeScript` method is being bound to it (the interpreter, in its constructor).
  Function.prototype.bind = function (this: (...args: unknown[]) => unknown, thisArg: unknown, ...rest: unknown[]) {
    if (found === undefined && this.name === "executeScript" && typeof thisArg === "object" && thisArg !== null && "ctx" in thisArg) {
      found = Object.getPrototypeOf(thisArg) as { executeScript?: unknown };
    }
    return bind.call(this, thisArg, ...rest);
  } as typeof bind;
  try {
    await new Bash().exec(":");
  } finally {
    Function.prototype.bind = bind;
  }
  return found;
}
