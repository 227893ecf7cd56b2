/**
 * The `dockerfile` check: a Dockerfile in the learner's workspace, read as
 * BuildKit parses it. It parses; its final stage has given instructions in a
 * given order (`order: [COPY package.json, RUN npm install, COPY . .]`, each
 * the start of an instruction as written); its final stage ends up with a
 * USER that is not root (`nonRootUser: true`); or it uses no instruction
 * starting with a prefix (`absent: ADD`). Messages quote the lines.
 */
import { z } from "zod";
import { parseDockerfile, type Instruction, type Stage } from "../../sim/docker/dockerfile.js";
import { createSandboxFs, fileAccess } from "../../shell/sandboxFs.js";
import { defineCheck } from "./define.js";
import { workspacePath } from "./fields.js";
import { isRootUser } from "./image.js";
import { result, type CheckContext, type CheckIdentity, type CheckResult } from "./types.js";

const DockerfileCheckSchema = z
  .strictObject({
    path: workspacePath.default("Dockerfile"),
    order: z.array(z.string().min(1)).min(2).optional(),
    nonRootUser: z.literal(true).optional(),
    absent: z.string().min(1).optional(),
  })
  .superRefine((spec, ctx) => {
    const marks = [spec.order, spec.nonRootUser, spec.absent].filter((m) => m !== undefined).length;
    if (marks > 1) ctx.addIssue({ code: "custom", message: "a dockerfile check tests one thing: order, nonRootUser or absent (none: it parses)" });
  });

export type DockerfileCheckSpec = z.infer<typeof DockerfileCheckSchema>;

export const dockerfileCheck = defineCheck({
  type: "dockerfile",
  keys: { dockerfile: DockerfileCheckSchema },
  toSpec: (input) => input.dockerfile,
  evaluate: evaluateDockerfile,
});

/** An instruction as written, as messages quote it: "line 3 `COPY . .`". */
function quote(i: Instruction): string {
  const flags = Object.entries(i.flags).map(([k, v]) => `--${k}=${v} `).join("");
  return `line ${i.startLine} \`${i.keyword} ${flags}${i.args}\``;
}

/** "RUN npm install" matches `RUN npm install --omit=dev` and `run npm install`: keyword case-insensitive, flags included. */
function startsWith(i: Instruction, prefix: string): boolean {
  const flags = Object.entries(i.flags).map(([k, v]) => `--${k}=${v} `).join("");
  const text = `${i.name} ${flags}${i.args}`.replace(/\s+/g, " ");
  return text.startsWith(prefix.replace(/^(\S+)/, (w) => w.toUpperCase()).replace(/\s+/g, " "));
}

async function evaluateDockerfile(check: CheckIdentity, spec: DockerfileCheckSpec, ctx: CheckContext): Promise<CheckResult> {
  const files = fileAccess((await createSandboxFs(ctx.workdir)).fs, ctx.workdir);
  const text = await files.readFile(spec.path);
  if (text === undefined) return result(check, { status: "fail", observed: "(no such file)", message: `${spec.path} does not exist in your workspace` });
  const parsed = parseDockerfile(text);
  if (!parsed.ok) {
    const at = parsed.error.startLine > 0 ? ` (line ${parsed.error.startLine})` : "";
    return result(check, { status: "fail", observed: "(does not parse)", message: `${spec.path} does not parse${at}: ${parsed.error.message}` });
  }
  const stages = parsed.dockerfile.stages;
  const final = stages[stages.length - 1];
  if (!final) return result(check, { status: "fail", observed: "(no FROM)", message: `${spec.path} has no FROM instruction` });
  if (spec.order) return judgeOrder(check, spec.path, final, spec.order);
  if (spec.nonRootUser) return judgeUser(check, spec.path, final);
  if (spec.absent !== undefined) {
    const found = stages.flatMap((s) => [s.from, ...s.instructions]).filter((i) => startsWith(i, spec.absent!));
    return found.length === 0
      ? result(check, { status: "pass", message: `${spec.path} has no ${spec.absent} instruction` })
      : result(check, { status: "fail", observed: quote(found[0]!), message: `${spec.path} still uses ${spec.absent}: ${found.map(quote).join(", ")}` });
  }
  return result(check, { status: "pass", message: `${spec.path} parses (${stages.length} stage${stages.length === 1 ? "" : "s"})` });
}

function judgeOrder(check: CheckIdentity, path: string, stage: Stage, order: readonly string[]): CheckResult {
  const found = order.map((prefix) => ({ prefix, at: stage.instructions.findIndex((i) => startsWith(i, prefix)) }));
  const missing = found.find((f) => f.at === -1);
  if (missing) return result(check, { status: "fail", observed: `(no ${missing.prefix})`, expected: order.join(", then "), message: `the final stage of ${path} has no instruction starting with \`${missing.prefix}\`` });
  for (let k = 1; k < found.length; k++) {
    const before = found[k - 1]!;
    const after = found[k]!;
    if (after.at < before.at) {
      const a = stage.instructions[after.at]!;
      const b = stage.instructions[before.at]!;
      return result(check, { status: "fail", observed: `${after.prefix} first`, expected: order.join(", then "), message: `in ${path}, ${quote(a)} comes before ${quote(b)}; it should come after it` });
    }
  }
  return result(check, { status: "pass", observed: order.join(", then "), message: `${path} has ${order.map((p) => `\`${p}\``).join(", then ")} in that order` });
}

function judgeUser(check: CheckIdentity, path: string, stage: Stage): CheckResult {
  const users = stage.instructions.filter((i) => i.name === "USER");
  const last = users[users.length - 1];
  if (!last) return result(check, { status: "fail", observed: "(no USER)", expected: "a USER other than root", message: `the final stage of ${path} has no USER instruction, so its process runs as root (unless its base image sets a user)` });
  if (isRootUser(last.args)) return result(check, { status: "fail", observed: last.args, expected: "a USER other than root", message: `the last USER of ${path} (${quote(last)}) is root` });
  return result(check, { status: "pass", observed: last.args, message: `${path} switches to ${last.args} (${quote(last)})` });
}
