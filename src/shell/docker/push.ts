/**
 * `docker push NAME[:TAG]`: a local image to Docker Hub or registry.local:5000
 * (the Environment's registry, which the clusters' nodes pull from). The
 * lines are what the CLI prints without a terminal (jsonmessage shows status
 * rows, not progress bars): "The push refers to repository [...]", a
 * "Preparing" row per layer, then "Pushed" / "Layer already exists" /
 * "Mounted from library/node", and `TAG: digest: sha256:... size: N`.
 * Errors are moby's (distribution/push.go, push_v2.go) and Docker Hub's
 * ("denied: requested access to the resource is denied").
 */
import { failure, type CommandResult } from "../types.js";
import { parseImageReference } from "../../sim/catalog/images.js";
import { registryHost } from "../../sim/docker/registry.js";
import { defineCommand } from "./command.js";
import { loggedInAccount } from "./login.js";
import { hasExplicitTag } from "./pull.js";
import { familiarRepository, validateReference } from "./references.js";

export const pushCommand = defineCommand({
  paths: [["image", "push"], ["push"]],
  args: { exact: 1 },
  simulated: ["quiet"],
  daemonDown: (args) => ({ stdout: hasExplicitTag(args[0] ?? "") ? "" : "Using default tag: latest\n" }),
  async execute(ctx): Promise<CommandResult> {
    const ref = ctx.args[0]!;
    const invalid = validateReference(ref);
    if (invalid) return failure(invalid === "invalid reference format" ? "invalid reference format" : `invalid reference format: ${invalid}`);
    const quiet = ctx.flags.bool("quiet");
    const parsed = parseImageReference(ref);
    const engine = ctx.daemon.engine;
    let stdout = hasExplicitTag(ref) || quiet ? "" : "Using default tag: latest\n";
    const out = (line: string) => {
      if (!quiet) stdout += `${line}\n`;
    };
    out(`The push refers to repository [${parsed.repository}]`);
    const repositoryTags = [...engine.tags.keys()].filter((full) => full.slice(0, full.lastIndexOf(":")) === parsed.repository);
    if (repositoryTags.length === 0) return failure(`An image does not exist locally with the tag: ${familiarRepository(parsed.repository)}`, 1, stdout);
    const image = engine.imageByReference(ref);
    if (!image) return failure(`tag does not exist: ${familiarRepository(parsed.repository)}:${parsed.tag}`, 1, stdout);
    const host = registryHost(ref);
    const account = await loggedInAccount(ctx.family, host);
    const result = ctx.family.session.environment.registry.push(ref, image, account);
    for (const layer of result.layers) out(`${layer.id}: Preparing`);
    if (!result.ok) return failure(result.error, 1, stdout);
    for (const layer of result.layers) out(`${layer.id}: ${layer.status}`);
    out(`${parsed.tag}: digest: ${result.digest} size: ${result.manifestSize}`);
    if (quiet) stdout = `${parsed.full}\n`;
    return { stdout, stderr: "", exitCode: 0 };
  },
});
