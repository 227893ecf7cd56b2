/**
 * The `container` check: a container of the learner's Docker engine, found
 * as `docker inspect` finds it (name or ID prefix), exists (or not), is
 * running, or has a field of its inspect document (`{.State.ExitCode}`,
 * `{.Config.Env}`, `{.HostConfig.PortBindings}`) that meets a comparator. A
 * container that is not running is explained by what it ran and how it ended.
 */
import { z } from "zod";
import type { DockerContainer } from "../../sim/docker/containers.js";
import { containerInspect } from "../../shell/docker/inspect-container.js";
import { commandLine, statusText } from "../../shell/docker/container-format.js";
import { comparatorFields, comparatorKeysIn, comparatorOf, refineComparator } from "./comparators.js";
import { defineCheck } from "./define.js";
import { listNames } from "./describe.js";
import { compareField, dockerCopy, NO_DOCKER } from "./docker-state.js";
import { jsonPathField } from "./fields.js";
import { result, type CheckContext, type CheckIdentity, type CheckResult } from "./types.js";

const ContainerCheckSchema = z
  .strictObject({ name: z.string().min(1), running: z.literal(true).optional(), jsonpath: jsonPathField.optional(), ...comparatorFields })
  .superRefine((spec, ctx) => {
    if (spec.jsonpath !== undefined) refineComparator(spec, ctx, { required: true, what: "a container check with a jsonpath" });
    else refineComparator(spec, ctx, { required: false, allowed: ["exists"], what: "a container check without jsonpath" });
    const marks = [spec.jsonpath !== undefined, spec.running !== undefined, spec.exists !== undefined].filter(Boolean).length;
    if (marks > 1) ctx.addIssue({ code: "custom", message: "a container check tests one thing: jsonpath, running or exists" });
  });

export type ContainerCheckSpec = z.infer<typeof ContainerCheckSchema>;

export const containerCheck = defineCheck({
  type: "container",
  keys: { container: ContainerCheckSchema },
  toSpec: (input) => input.container,
  evaluate: evaluateContainer,
});

/** How a container that is not running got there, in `docker ps -a` words plus what it ran. */
function whyNotRunning(c: DockerContainer, now: number): string {
  const s = c.runtime.state;
  const ran = `\`${commandLine(c)}\``;
  if (c.error) return `it could not start: ${c.error}`;
  if (s.status === "created") return `it was created but never started (${ran})`;
  if (s.status !== "exited") return statusText(c, now);
  const how = s.oomKilled ? "was killed for using too much memory" : s.signal ? `was ended by ${s.signal}` : s.finishedAt - s.startedAt < 1000 ? "exited at once" : "exited";
  return `it ${how} with code ${s.exitCode} (${statusText(c, now)}); its command was ${ran}`;
}

function evaluateContainer(check: CheckIdentity, spec: ContainerCheckSpec, ctx: CheckContext): CheckResult {
  const docker = dockerCopy(ctx);
  if (!docker) return result(check, { status: "error", message: NO_DOCKER });
  const container = docker.containers.find(spec.name);
  if (!container) {
    if (spec.exists === false) return result(check, { status: "pass", message: `no container ${spec.name}, as expected` });
    const names = [...docker.containers.containers.values()].map((c) => c.name).sort();
    const present = names.length ? `containers here: ${listNames(names)}` : "there are no containers, running or stopped";
    return result(check, { status: "fail", observed: "(no such container)", expected: `a container ${spec.name}`, message: `no container ${spec.name} (${present})` });
  }
  if (spec.exists === false) return result(check, { status: "fail", observed: "exists", expected: "absent", message: `container ${spec.name} still exists (remove it with docker rm)` });
  const now = ctx.world.clock.now();
  if (spec.running) {
    const running = container.runtime.state.status === "running" && container.restartAt === undefined;
    return running
      ? result(check, { status: "pass", observed: "running", message: `container ${spec.name} is running (${statusText(container, now)})` })
      : result(check, { status: "fail", observed: statusText(container, now), expected: "running", message: `container ${spec.name} is not running: ${whyNotRunning(container, now)}` });
  }
  const comparator = comparatorOf(spec);
  if (spec.jsonpath === undefined || !comparator || comparatorKeysIn(spec).length === 0) return result(check, { status: "pass", message: `container ${spec.name} exists` });
  const field = compareField(containerInspect(docker, container), spec.jsonpath, comparator);
  return field.ok
    ? result(check, { status: "pass", observed: field.observed, expected: field.expected, message: `container ${spec.name}: ${spec.jsonpath} is ${field.observed}` })
    : result(check, { status: "fail", observed: field.observed, expected: field.expected, message: `container ${spec.name}: ${field.reason}` });
}
