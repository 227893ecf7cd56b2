/**
 * `kubectl logs`: a container's output, read through the API's `pods/log`
 * subresource (which the kubelet answers); `TYPE/NAME`
 * picks the first pod the object selects; -c, --previous, --tail,
 * --timestamps. `-f` is not simulated (kubectl/pkg/cmd/logs/logs.go,
 * polymorphichelpers/logsforobject.go).
 */
import { kindNamed } from "../../sim/api/kinds.js";
import type { Pod } from "../../sim/api/types.js";
import { fromLabelSelector } from "../../sim/core/labels.js";
import { failure, type CommandResult } from "../types.js";
import { apiErrorText, usageError } from "./errors.js";
import { resolveResource } from "./common.js";
import { defineVerb, type KubectlContext } from "./verb.js";

const POD = kindNamed("Pod")!;

export const logsVerb = defineVerb({
  name: "logs",
  helpKey: "logs",
  execute: (ctx) => logs(ctx),
});

function findPod(ctx: KubectlContext, arg: string): { pod: Pod; notice: string } | CommandResult {
  const slash = arg.indexOf("/");
  if (slash === -1 || ["pod", "pods", "po"].includes(arg.slice(0, slash))) {
    const name = slash === -1 ? arg : arg.slice(slash + 1);
    const got = ctx.world.api.get(POD, ctx.namespace, name);
    if (!got.ok) return failure(apiErrorText(got.error));
    return { pod: got.value as Pod, notice: "" };
  }
  const info = resolveResource(arg.slice(0, slash));
  if (!info) return failure(`error: the server doesn't have a resource type "${arg.slice(0, slash)}"`);
  const got = ctx.world.api.get(info, ctx.namespace, arg.slice(slash + 1));
  if (!got.ok) return failure(apiErrorText(got.error));
  const selector = fromLabelSelector((got.value.spec as { selector?: never } | undefined)?.selector);
  const pods = ctx.world.api.list<Pod>(POD, ctx.namespace, { labelSelector: selector });
  if (pods.length === 0) return failure(`error: timed out waiting for the condition`);
  // logsforobject.go sorts by "most useful" (ready, running, newest) and says which it chose.
  const pod = pods.find((p) => p.status?.phase === "Running") ?? pods[0]!;
  return { pod, notice: pods.length > 1 ? `Found ${pods.length} pods, using pod/${pod.metadata.name}\n` : "" };
}

function logs(ctx: KubectlContext): CommandResult {
  if (ctx.flags.bool("follow")) return failure("kadet: 'kubectl logs -f' is not simulated");
  const target = ctx.args[0];
  if (target === undefined) {
    return failure("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples");
  }
  if (ctx.args.length > 2) return usageError(ctx.commandPath, "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command");
  const found = findPod(ctx, target);
  if (!("pod" in found)) return found;
  const { pod } = found;
  let notice = found.notice;
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  let container = ctx.flags.string("container") || ctx.args[1] || "";
  if (container === "") {
    const annotated = pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"];
    container = annotated && names.includes(annotated) ? annotated : names[0] ?? "";
    if (names.length > 1 && !annotated) notice += `Defaulted container "${container}" out of: ${names.join(", ")}\n`;
  }
  const read = ctx.world.api.podLog(pod.metadata.namespace ?? ctx.namespace, pod.metadata.name, { container, previous: ctx.flags.bool("previous") });
  if (!read.ok) return failure(`${notice}${apiErrorText(read.error)}`);
  let lines = read.value;
  const tail = ctx.flags.int("tail");
  if (tail >= 0) lines = lines.slice(Math.max(0, lines.length - tail));
  const timestamps = ctx.flags.bool("timestamps");
  const stdout = lines.map((l) => `${timestamps ? `${new Date(l.at).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z")} ` : ""}${l.line}\n`).join("");
  return { stdout, stderr: notice, exitCode: 0 };
}
