/**
 * The `build` check: builds the learner's Dockerfile from their workspace on
 * a copy of their Docker engine (their images and cache are never touched).
 * Without `cached`, the build must succeed; a failure quotes BuildKit's
 * error. With `cached`, the check builds once, changes one file of the
 * context (`change`, default: none) and builds again, and the step whose
 * instruction starts with `cached` ("RUN npm install") must be CACHED on the
 * rebuild. When it is not, the message names the first step that missed, as
 * BuildKit's rule makes every later step of the stage miss too (Docker docs,
 * "Build cache invalidation": once a layer changes, all downstream layers
 * need to be rebuilt).
 */
import { posix } from "node:path";
import { z } from "zod";
import type { BuildResult, BuildStep } from "../../sim/docker/build.js";
import { readContext } from "../../shell/docker/context.js";
import { createSandboxFs, fileAccess } from "../../shell/sandboxFs.js";
import { defineCheck } from "./define.js";
import { dockerCopy, NO_DOCKER } from "./docker-state.js";
import { workspacePath } from "./fields.js";
import { result, type CheckContext, type CheckIdentity, type CheckResult } from "./types.js";

const BuildCheckSchema = z.strictObject({
  /** The build context, a folder of the workspace. */
  context: z.union([workspacePath, z.literal(".")]).default("."),
  /** The Dockerfile's path inside the context. */
  dockerfile: workspacePath.default("Dockerfile"),
  buildArgs: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).optional(),
  target: z.string().min(1).optional(),
  /** A path inside the context whose content changes (or which appears) between the two builds. */
  change: workspacePath.optional(),
  /** The start of the instruction, as BuildKit prints it ("RUN npm install"), that must be CACHED on the rebuild. */
  cached: z.string().min(1).optional(),
});

export type BuildCheckSpec = z.infer<typeof BuildCheckSchema>;

export const buildCheck = defineCheck({
  type: "build",
  keys: { build: BuildCheckSchema },
  refine(input, ctx) {
    if (input.build.change !== undefined && input.build.cached === undefined) ctx.addIssue({ code: "custom", path: ["build", "change"], message: "change needs cached (the step that must stay cached when the file changes)" });
  },
  toSpec: (input) => input.build,
  evaluate: evaluateBuild,
});

/** The last line BuildKit prints for a failed build, with the Dockerfile excerpt before it. */
function failureText(built: Extract<BuildResult, { ok: false }>): string {
  const excerpt = built.excerpt.trim().split("\n")[0] ?? "";
  return `${excerpt && /^Dockerfile/.test(excerpt) ? `${excerpt.replace(/-+$/, "").trim()}: ` : ""}${built.error}`;
}

const CHANGED_BY_GRADER = "\n# changed by the grader to test the build cache\n";

async function evaluateBuild(check: CheckIdentity, spec: BuildCheckSpec, ctx: CheckContext): Promise<CheckResult> {
  const docker = dockerCopy(ctx);
  if (!docker) return result(check, { status: "error", message: NO_DOCKER });
  const sandbox = await createSandboxFs(ctx.workdir);
  const files = fileAccess(sandbox.fs, ctx.workdir, sandbox.disk);
  const context = await readContext(files, spec.context);
  const where = spec.context === "." ? "your workspace" : spec.context;
  if (context === undefined) return result(check, { status: "fail", observed: "(no such folder)", message: `the build context ${where} does not exist` });
  const dockerfile = posix.join(spec.context, spec.dockerfile);
  if (!context.has(spec.dockerfile)) return result(check, { status: "fail", observed: "(no Dockerfile)", message: `there is no ${dockerfile} to build` });
  const request = { dockerfile: spec.dockerfile, ...(spec.buildArgs ? { buildArgs: spec.buildArgs } : {}), ...(spec.target ? { target: spec.target } : {}) };

  const first = docker.engine.build({ ...request, context });
  if (!first.ok) return result(check, { status: "fail", observed: "build failed", expected: "a build that succeeds", message: `building ${dockerfile} fails: ${failureText(first)}` });
  if (spec.cached === undefined) return result(check, { status: "pass", observed: "build succeeded", message: `${dockerfile} builds (${first.steps.length} steps)` });

  const changed = new Map(context);
  if (spec.change !== undefined) changed.set(spec.change, `${context.get(spec.change) ?? ""}${CHANGED_BY_GRADER}`);
  const second = docker.engine.build({ ...request, context: changed });
  if (!second.ok) return result(check, { status: "fail", observed: "rebuild failed", message: `rebuilding ${dockerfile} fails: ${failureText(second)}` });
  return judgeCache(check, spec, second.steps, dockerfile);
}

/** How BuildKit numbers the step in its progress ("[4/5] RUN npm install"): FROM is step 1 of its stage. */
function stepLabel(steps: readonly BuildStep[], index: number): string {
  const step = steps[index]!;
  const position = steps.slice(0, index + 1).filter((s) => s.stage === step.stage).length + 1;
  return `step ${position}${step.stage ? ` of stage ${step.stage}` : ""} (${step.instruction})`;
}

function judgeCache(check: CheckIdentity, spec: BuildCheckSpec, steps: readonly BuildStep[], dockerfile: string): CheckResult {
  const wanted = spec.cached!;
  const index = steps.findIndex((s) => s.instruction.startsWith(wanted));
  const after = spec.change === undefined ? "on a rebuild" : `on a rebuild after ${spec.change} changed`;
  if (index === -1) {
    const listed = steps.map((s) => s.instruction).join("; ");
    return result(check, { status: "fail", observed: "(no such step)", expected: wanted, message: `${dockerfile} has no step "${wanted}" (its steps: ${listed})` });
  }
  const step = steps[index]!;
  const label = stepLabel(steps, index);
  if (step.cached) return result(check, { status: "pass", observed: "CACHED", expected: "CACHED", message: `${label} is CACHED ${after}` });
  const firstMiss = steps.findIndex((s, i) => i <= index && s.stage === step.stage && !s.cached);
  const cause = steps[firstMiss]!;
  const because =
    firstMiss === index
      ? /^(COPY|ADD)\b/.test(step.instruction) && spec.change !== undefined
        ? `it copies ${spec.change}, which changed`
        : "its own instruction or the ARG/ENV values it runs with changed"
      : `${/^(COPY|ADD)\b/.test(cause.instruction) && spec.change !== undefined ? `${stepLabel(steps, firstMiss)} before it copies ${spec.change}, which changed` : `${stepLabel(steps, firstMiss)} before it missed the cache`}, and a miss invalidates every later step of the stage`;
  return result(check, { status: "fail", observed: "not cached", expected: "CACHED", message: `${label} was not cached ${after}: ${because}` });
}
