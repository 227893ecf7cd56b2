/**
 * What the Docker check types share: a copy of the learner's Docker daemon
 * brought up to the clock (so a container that has exited since the last
 * command reads as exited, as `docker ps` would show it), and reading an
 * inspect document's field with kubectl's JSONPath.
 */
import { DockerDaemon } from "../../sim/docker/daemon.js";
import { evaluateJSONPath } from "../jsonpath.js";
import { compare, describeExpected, showObserved, type Comparator } from "./comparators.js";
import type { CheckContext } from "./types.js";

/** A throw-away copy of the learner's daemon, caught up; undefined when the context has no Docker engine. */
export function dockerCopy(ctx: CheckContext): DockerDaemon | undefined {
  if (!ctx.docker) return undefined;
  const copy = new DockerDaemon(() => ctx.world.clock.now());
  copy.load(ctx.docker.snapshot());
  copy.containers.catchUp();
  return copy;
}

export const NO_DOCKER = "this exercise's environment has no Docker engine";

export type FieldOutcome = { ok: true; observed: string; expected: string } | { ok: false; observed: string; expected: string; reason: string };

/** A field of an inspect document (`{.Config.User}`) against a comparator. */
export function compareField(document: unknown, jsonpath: string, comparator: Comparator): FieldOutcome {
  const expected = describeExpected(comparator);
  const evaluated = evaluateJSONPath(jsonpath, document);
  if (!evaluated.ok) return { ok: false, observed: `(${evaluated.error})`, expected, reason: `${jsonpath} cannot be read: ${evaluated.error}` };
  const observed = showObserved(evaluated.output);
  const comparison = compare(comparator, evaluated.output);
  if (comparison.ok) return { ok: true, observed, expected };
  return { ok: false, observed, expected, reason: `${jsonpath} is ${observed}, expected ${expected}${comparison.reason ? ` (${comparison.reason})` : ""}` };
}
