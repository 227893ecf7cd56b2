/**
 * The last step of the verbs that make an object (run, create ...): under
 * --dry-run=client print the object kubectl built; otherwise send it to the
 * API server (with its dry-run option under --dry-run=server) and print what
 * the server returned, or the operation line (`pod/nginx created`).
 */
import { kindFor } from "../../sim/api/kinds.js";
import type { KubeObject } from "../../sim/api/types.js";
import { failure, ok, type CommandResult } from "../types.js";
import { dryRunStrategy, operationLine, withoutNulls } from "./common.js";
import { apiFailure } from "./errors.js";
import { parseOutputFormat, printObjects } from "./output.js";
import type { KubectlContext } from "./verb.js";

/** Checks -o and --dry-run before any object is built, as kubectl's Complete does. */
export function checkWriteFlags(ctx: KubectlContext): CommandResult | undefined {
  const out = parseOutputFormat(ctx.flags.string("output"), false);
  if (!out.ok) return failure(out.error);
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  return undefined;
}

export function submitNew(ctx: KubectlContext, obj: KubeObject): CommandResult {
  const out = parseOutputFormat(ctx.flags.string("output"), false);
  if (!out.ok) return failure(out.error);
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  const info = kindFor(obj.apiVersion, obj.kind);
  if (!info) return failure(`error: no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
  let result: KubeObject = obj;
  let clientBuilt = true;
  if (dry.value !== "client") {
    const created = ctx.world.api.create(info, withoutNulls(obj), ctx.namespace, { dryRun: dry.value === "server" });
    if (!created.ok) return { ...apiFailure(created.error), stderr: dry.warning + apiFailure(created.error).stderr };
    result = created.value;
    clientBuilt = false;
  }
  const format = out.format;
  if (!format || format.kind === "name") {
    return { stdout: operationLine(result, "created", dry.value, format?.kind === "name"), stderr: dry.warning, exitCode: 0 };
  }
  const printed = printObjects([result as never], format, { now: ctx.world.clock.now(), single: true, keyOrder: clientBuilt ? "asIs" : "sorted" });
  if ("error" in printed) return failure(printed.error);
  return { ...ok(printed.stdout), stderr: dry.warning };
}
