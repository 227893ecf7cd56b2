/**
 * `kubectl run NAME --image=IMAGE`: makes one pod, as kubectl/pkg/cmd/run/run.go
 * and the run-pod/v1 generator (kubectl/pkg/generate/versioned/run.go) build it.
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_run/
 */
import { unsimulatedSecurityWarning } from "./unsimulated-security.js";
import type { KubeObject } from "../../sim/api/types.js";
import { failure } from "../types.js";
import { usageError } from "./errors.js";
import { checkWriteFlags, submitNew } from "./submit.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export const runVerb = defineVerb({
  name: "run",
  helpKey: "run",
  requiredFlags: ["image"],
  overrides: { noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => runPod(ctx),
});

function runPod(ctx: KubectlContext) {
  const name = ctx.args[0];
  if (name === undefined) return usageError(ctx.commandPath, "NAME is required for run");
  const check = checkWriteFlags(ctx);
  if (check) return check;
  // Flags kadet parses (they are in kubectl's table) but does not act on must not pass silently.
  for (const flag of ["overrides", "attach", "stdin", "tty", "rm", "expose"]) {
    const set = flag === "overrides" ? ctx.flags.string(flag) !== "" : ctx.flags.has(flag) && ctx.flags.bool(flag);
    if (set) return failure(`kadet: 'kubectl run --${flag}' is not simulated yet`);
  }
  const restart = ctx.flags.string("restart");
  if (!["Always", "OnFailure", "Never"].includes(restart)) return usageError(ctx.commandPath, `invalid restart policy: ${restart}`);

  let labels: Record<string, string> = { run: name };
  const labelSpec = ctx.flags.string("labels");
  if (labelSpec !== "") {
    const parsed = parseLabelSpec(labelSpec);
    if (typeof parsed === "string") return failure(`error: ${parsed}`);
    labels = parsed;
  }
  const env: { name: string; value: string }[] = [];
  for (const e of ctx.flags.strings("env")) {
    const eq = e.indexOf("=");
    if (eq <= 0) return failure(`error: invalid env: ${e}`);
    env.push({ name: e.slice(0, eq), value: e.slice(eq + 1) });
  }
  const portText = ctx.flags.string("port");
  let port: number | undefined;
  if (portText !== "") {
    if (!/^[+-]?\d+$/.test(portText)) return failure(`error: strconv.Atoi: parsing "${portText}": invalid syntax`);
    port = Number(portText);
  }
  const container: Record<string, unknown> = { name, image: ctx.flags.string("image") };
  if (ctx.argsAfterDash.length > 0 || ctx.args.length > 1) {
    const rest = [...ctx.args.slice(1), ...ctx.argsAfterDash];
    container[ctx.flags.bool("command") ? "command" : "args"] = rest;
  }
  if (port !== undefined && port > 0) container.ports = [{ containerPort: port }];
  if (env.length > 0) container.env = env;
  container.resources = {};
  // generateversioned.BasicPod: --privileged sets the container's securityContext.privileged.
  if (ctx.flags.bool("privileged")) container.securityContext = { privileged: true };

  const pod: KubeObject = {
    kind: "Pod",
    apiVersion: "v1",
    metadata: { name, ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}), creationTimestamp: null as unknown as string, labels },
    spec: { containers: [container], restartPolicy: restart, dnsPolicy: "ClusterFirst" },
    status: {},
  };
  const submitted = submitNew(ctx, pod);
  const unsimulated = submitted.exitCode === 0 ? unsimulatedSecurityWarning(pod) : undefined;
  return unsimulated ? { ...submitted, stderr: `${unsimulated}\n${submitted.stderr}` } : submitted;
}

/** generate.ParseLabels: "k=v,k2=v2"; the error is upstream's. */
export function parseLabelSpec(spec: string): Record<string, string> | string {
  const labels: Record<string, string> = {};
  for (const pair of spec.split(",")) {
    const parts = pair.split("=");
    if (parts.length !== 2 || parts[0] === "" || /\s/.test(pair)) return `unexpected label spec: ${pair}`;
    labels[parts[0]!] = parts[1]!;
  }
  return labels;
}
