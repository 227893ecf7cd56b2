/**
 * `kubectl describe`: resolves TYPE NAME, TYPE/NAME, TYPE (all in the
 * namespace), -l, -A and -f the way kubectl's resource builder does, falls
 * back to name-prefix matching when `TYPE NAME` finds nothing, and prints
 * each object through its describer (./describe/). Ported from
 * staging/src/k8s.io/kubectl/pkg/cmd/describe/describe.go (Run and
 * DescribeMatchingResources), 1.32 behaviour: events are shown unless
 * --show-events=false.
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_describe/
 */
import type { KindInfo } from "../../sim/api/kinds.js";
import type { StoredObject } from "../../sim/api/types.js";
import { matches } from "../../sim/core/labels.js";
import { failure, type CommandResult } from "../types.js";
import { DESCRIBERS } from "./describe/index.js";
import { apiErrorText } from "./errors.js";
import { inertKindWarning } from "./inert-kinds.js";
import { parseResourceArgs } from "./resources.js";
import { parseSelectorFlag, resolveTargets } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export const NO_TYPE_TO_DESCRIBE =
  'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n';

export const describeVerb = defineVerb({
  name: "describe",
  helpKey: "describe",
  execute: (ctx) => describe(ctx),
});

interface Found {
  info: KindInfo;
  object: StoredObject;
}

async function describe(ctx: KubectlContext): Promise<CommandResult> {
  const files = ctx.flags.strings("filename");
  if (ctx.args.length === 0 && files.length === 0) return failure(NO_TYPE_TO_DESCRIBE);
  if (ctx.flags.string("kustomize") !== "") return failure("kadet: 'kubectl describe -k' is not simulated");
  const showEvents = ctx.flags.bool("show-events");
  const allNamespaces = ctx.flags.bool("all-namespaces");

  const parsedSelector = parseSelectorFlag(ctx.flags.string("selector"));
  if (!parsedSelector.ok) return failure(parsedSelector.error);
  const selector = parsedSelector.selector;

  const found: Found[] = [];
  const errors: string[] = [];
  let notFoundOnly = true;
  if (files.length > 0) {
    const targets = await resolveTargets(ctx, ctx.args);
    if (!targets.ok) return failure(targets.error);
    for (const t of targets.targets) if (t.object) found.push({ info: t.info, object: t.object });
    if (targets.errors !== "") errors.push(...targets.errors.trimEnd().split("\n"));
  } else {
    const parsed = parseResourceArgs(ctx.args);
    if (!parsed.ok) return failure(parsed.error);
    if (parsed.byName && selector) return failure("error: name cannot be provided when a selector is specified");
    for (const request of parsed.requests) {
      if (request.names.length > 0) {
        for (const name of request.names) {
          const got = ctx.world.api.get(request.info, request.info.namespaced ? ctx.namespace : undefined, name);
          if (got.ok) found.push({ info: request.info, object: got.value });
          else {
            errors.push(apiErrorText(got.error));
            if (got.error.reason !== "NotFound") notFoundOnly = false;
          }
        }
      } else {
        const namespace = request.info.namespaced && !allNamespaces ? ctx.namespace : undefined;
        for (const object of ctx.world.api.list(request.info, namespace)) {
          if (!selector || matches(object.metadata.labels, selector)) found.push({ info: request.info, object });
        }
      }
    }
    // `kubectl describe pods web` with no pod "web": describe every pod whose name starts with "web".
    if (errors.length > 0 && notFoundOnly && ctx.args.length === 2 && parsed.requests.length > 0) {
      return describeMatching(ctx, parsed.requests[0]!.info, ctx.args[1]!, errors, showEvents);
    }
  }

  const texts: string[] = [];
  // The apply/create warning again, once per kind, before the output (stderr, as kubectl prints server warnings).
  const warnings = [...new Set(found.map(({ info, object }) => inertKindWarning(info.kind, object)).filter((w): w is string => w !== undefined))];
  for (const { info, object } of found) {
    const describer = DESCRIBERS[info.kind];
    if (!describer) {
      const message = `kadet: 'kubectl describe ${info.plural}' is not simulated yet`;
      if (!errors.includes(message)) errors.push(message);
      continue;
    }
    texts.push(describer(ctx.world, object, { showEvents }));
  }
  const stdout = texts.join("\n\n");
  let stderr = [...warnings, ...errors].map((e) => `${e}\n`).join("");
  if (found.length === 0 && errors.length === 0) {
    stderr = allNamespaces ? "No resources found\n" : `No resources found in ${ctx.namespace} namespace.\n`;
  }
  return { stdout, stderr, exitCode: errors.length > 0 ? 1 : 0 };
}

/** DescribeMatchingResources: every object of the type whose name has the prefix, each followed by a newline. */
function describeMatching(ctx: KubectlContext, info: KindInfo, prefix: string, originalErrors: string[], showEvents: boolean): CommandResult {
  const describer = DESCRIBERS[info.kind];
  if (!describer) return failure(`kadet: 'kubectl describe ${info.plural}' is not simulated yet`);
  const candidates = ctx.world.api.list(info, info.namespaced ? ctx.namespace : undefined);
  const matching = candidates.filter((o) => o.metadata.name.startsWith(prefix));
  if (matching.length === 0) return failure(originalErrors.join("\n"));
  const warning = inertKindWarning(info.kind);
  return { stdout: matching.map((o) => `${describer(ctx.world, o, { showEvents })}\n`).join(""), stderr: warning ? `${warning}\n` : "", exitCode: 0 };
}
