/**
 * `docker pull` and the pull `docker run` makes for a missing image: the
 * catalog image stored locally, with the CLI's non-terminal progress lines
 * (one layer per catalog image), or the daemon's error (`manifest for
 * nginx:nope not found: manifest unknown: manifest unknown`,
 * `pull access denied for x, repository does not exist ...`).
 */
import { failure, ok, type CommandResult } from "../types.js";
import type { DockerDaemon } from "../../sim/docker/daemon.js";
import type { Image } from "../../sim/docker/image.js";
import { layers } from "../../sim/docker/image.js";
import { parseImageReference, pullImage } from "../../sim/catalog/images.js";
import { registryHost, type ImageRegistry } from "../../sim/docker/registry.js";
import { defineCommand } from "./command.js";
import { familiarReference, familiarRepository, validateReference } from "./references.js";

export type PullOutcome = { ok: true; image: Image; lines: string; full: string } | { ok: false; error: string };

/** "nginx" → "Using default tag: latest" is printed by `docker pull` (not by `docker run`). */
export function hasExplicitTag(ref: string): boolean {
  return /:[^/]*$/.test(ref) || ref.includes("@");
}

/** "docker.io/team/app" → "team/app", "registry.local:5000/app" → "app": the path `Pulling from` names. */
function repositoryPath(repository: string): string {
  return repository.slice(repository.indexOf("/") + 1);
}

/** Pulls `ref` onto the daemon; `lines` is what the CLI prints while it does. */
export function pullOnto(daemon: DockerDaemon, ref: string, registry?: ImageRegistry): PullOutcome {
  const parsed = parseImageReference(ref);
  const already = daemon.engine.imageByReference(ref);
  if (!already && registry && (registry.find(ref) || registry.servesHost(registryHost(ref)))) return pullPushed(daemon, ref, registry);
  const found = pullImage(ref);
  const result = daemon.engine.pull(ref);
  if (!result.ok) return result;
  const [repo, tag] = [familiarRepository(parsed.repository), parsed.tag];
  const digest = found.ok ? found.digest : "";
  let lines = `${tag}: Pulling from ${repo.includes("/") ? repo : `library/${repo}`}\n`;
  if (!already) {
    for (const layer of layers(result.image)) {
      const id = layer.digest.slice(7, 19);
      lines += `${id}: Pulling fs layer\n${id}: Verifying Checksum\n${id}: Download complete\n${id}: Pull complete\n`;
    }
  }
  lines += `Digest: ${digest}\n`;
  lines += already ? `Status: Image is up to date for ${familiarReference(result.full)}\n` : `Status: Downloaded newer image for ${familiarReference(result.full)}\n`;
  return { ok: true, image: result.image, lines, full: result.full };
}

/** A pull of an image someone pushed: the registry's copy, same image ID, its manifest digest. */
function pullPushed(daemon: DockerDaemon, ref: string, registry: ImageRegistry): PullOutcome {
  const parsed = parseImageReference(ref);
  const pushed = registry.find(ref);
  if (!pushed) return { ok: false, error: `manifest for ${familiarRepository(parsed.repository)}:${parsed.tag} not found: manifest unknown: manifest unknown` };
  const image = structuredClone(pushed.image);
  const known = daemon.engine.images.has(image.id);
  if (!known) daemon.engine.images.set(image.id, image);
  daemon.engine.tags.set(parsed.full, image.id);
  let lines = `${parsed.tag}: Pulling from ${repositoryPath(parsed.repository)}\n`;
  for (const layer of known ? [] : layers(image)) {
    const id = layer.digest.slice(7, 19);
    lines += `${id}: Pulling fs layer\n${id}: Verifying Checksum\n${id}: Download complete\n${id}: Pull complete\n`;
  }
  lines += `Digest: ${pushed.digest}\nStatus: Downloaded newer image for ${familiarReference(parsed.full)}\n`;
  return { ok: true, image: daemon.engine.images.get(image.id)!, lines, full: parsed.full };
}

export const pullCommand = defineCommand({
  paths: [["image", "pull"], ["pull"]],
  args: { exact: 1 },
  simulated: ["quiet"],
  daemonDown: (args) => ({ stdout: hasExplicitTag(args[0] ?? "") ? "" : "Using default tag: latest\n" }),
  execute(ctx): CommandResult {
    const ref = ctx.args[0]!;
    const invalid = validateReference(ref);
    if (invalid) return failure(`${invalid === "invalid reference format" ? "invalid reference format" : `invalid reference format: ${invalid}`}`);
    const head = hasExplicitTag(ref) ? "" : "Using default tag: latest\n";
    const pulled = pullOnto(ctx.daemon, ref, ctx.family.session.environment.registry);
    if (!pulled.ok) return { stdout: head, stderr: `Error response from daemon: ${pulled.error}\n`, exitCode: 1 };
    if (ctx.flags.bool("quiet")) return ok(`${pulled.full}\n`);
    return ok(`${head}${pulled.lines}${pulled.full}\n`);
  },
});
