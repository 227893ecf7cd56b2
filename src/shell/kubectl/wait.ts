/**
 * `kubectl wait --for=condition=C[=V] | delete | create | jsonpath='{..}'[=V]` on named, selected
 * or -f objects, polling on the virtual clock (one check a second) up to --timeout (30s; 0 checks
 * once): `pod/web condition met`, or `error: timed out waiting for the condition on pods/web`.
 * kubectl/pkg/cmd/wait/wait.go, condition.go, json.go (1.32).
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_wait/
 */
import type { StoredObject } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { kindSlashName } from "./common.js";
import { flagError } from "./errors.js";
import { parseGoDuration } from "./node-maintenance.js";
import { relaxedJSONPathExpression } from "./printers/customcolumns.js";
import { findJSONPathResults, parseJSONPath } from "./printers/jsonpath.js";
import { resolveTargets, type Target } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const waitVerb = defineVerb({
  name: "wait",
  helpKey: "wait",
  overrides: { slices: ["filename"] },
  execute: (ctx) => wait(ctx),
});

/** What is being waited for; `met` reads the live object (undefined: it does not exist). */
type Condition = { kind: "delete" | "create" } | { kind: "test"; met: (obj: Obj) => boolean | string };


/** conditionFuncFor: the --for forms and their errors. */
function parseFor(text: string): Condition | string {
  const lower = text.toLowerCase();
  if (lower === "delete") return { kind: "delete" };
  if (lower === "create") return { kind: "create" };
  if (lower.startsWith("condition=")) {
    const rest = text.slice("condition=".length);
    const at = rest.indexOf("=");
    const name = at === -1 ? rest : rest.slice(0, at);
    const value = at === -1 ? "true" : rest.slice(at + 1);
    if (name === "") return `unrecognized condition: "${text}"`;
    return {
      kind: "test",
      met: (obj) => ((obj.status?.conditions ?? []) as Obj[]).some((c) => String(c.type).toLowerCase() === name.toLowerCase() && String(c.status).toLowerCase() === value.toLowerCase()),
    };
  }
  if (lower.startsWith("jsonpath=")) {
    const input = text.slice("jsonpath=".length);
    if (input === "") return "jsonpath expression cannot be empty";
    // processJSONPathInput: the value follows the last "=" outside the braces.
    const close = input.lastIndexOf("}");
    const eq = input.indexOf("=", close === -1 ? 0 : close);
    const expression = eq === -1 ? input : input.slice(0, eq);
    const value = eq === -1 ? undefined : input.slice(eq + 1);
    if (value === "") return "jsonpath wait has to have a value after equal sign";
    const relaxed = relaxedJSONPathExpression(expression);
    if (!relaxed.ok) return relaxed.error;
    const parsed = parseJSONPath(relaxed.template);
    if (!parsed.ok) return parsed.error;
    return {
      kind: "test",
      met: (obj) => {
        const found = findJSONPathResults(parsed.root, obj);
        if (!found.ok) return false;
        const values = found.results.flat();
        if (values.length === 0) return false;
        if (values.length > 1) return `given jsonpath expression matches more than one value`;
        if (value === undefined) return true;
        const v = values[0];
        return (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)) === value;
      },
    };
  }
  return `unrecognized condition: "${text}"`;
}

/** info.ObjectName(): plural.group/name, as the timeout message names objects. */
function objectName(t: Target): string {
  return `${t.info.group ? `${t.info.plural}.${t.info.group}` : t.info.plural}/${t.name}`;
}

async function wait(ctx: KubectlContext): Promise<CommandResult> {
  const timeoutText = ctx.flags.string("timeout");
  const timeout = parseGoDuration(timeoutText);
  if (typeof timeout === "string") return flagError(ctx.commandPath, `invalid argument "${timeoutText}" for "--timeout" flag: ${timeout}`);
  const condition = parseFor(ctx.flags.string("for"));
  if (typeof condition === "string") return failure(`error: ${condition}`);
  if (condition.kind === "create") return failure("kadet: 'kubectl wait --for=create' is not simulated yet");
  if (ctx.flags.bool("local")) return failure("kadet: 'kubectl wait --local' is not simulated yet");
  if (ctx.flags.string("output") !== "") return failure("kadet: 'kubectl wait -o' is not simulated yet");
  // A negative timeout waits a week (wait.go); kadet's clock moves in one-second steps.
  const limit = timeout < 0 ? 7 * 24 * 3600 : Math.floor(timeout);
  const resolved = await resolveTargets(ctx, ctx.args, { ignoreNotFound: condition.kind === "delete" });
  if (!resolved.ok) return failure(resolved.error);
  if (resolved.errors !== "") return failure(resolved.errors.trimEnd());
  if (resolved.targets.length === 0) {
    return resolved.listed ? failure("error: no matching resources found") : { stdout: "", stderr: "", exitCode: 0 };
  }
  let stdout = "";
  for (const target of resolved.targets) {
    const uid = target.object?.metadata.uid;
    const check = (): boolean | string => {
      const live = ctx.world.api.find(target.info, target.namespace, target.name) as StoredObject | undefined;
      if (condition.kind === "delete") return !live || live.metadata.uid !== uid;
      return live && condition.kind === "test" ? condition.met(live as Obj) : false;
    };
    let result = check();
    for (let waited = 0; result === false && waited < limit; waited++) {
      ctx.world.advance(1);
      result = check();
    }
    if (typeof result === "string") return { stdout, stderr: `error: ${result}\n`, exitCode: 1 };
    if (!result) return { stdout, stderr: `error: timed out waiting for the condition on ${objectName(target)}\n`, exitCode: 1 };
    stdout += `${kindSlashName(target.info, target.name)} condition met\n`;
  }
  return { stdout, stderr: "", exitCode: 0 };
}
