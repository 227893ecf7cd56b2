/**
 * `docker tag SOURCE TARGET` and `docker rmi`: tags are names pointing at an
 * image ID. rmi untags a name; the image itself goes when its last name goes
 * and no container uses it. Messages are the daemon's
 * (daemon/images/image_delete.go: "conflict: unable to delete ... (must be
 * forced) - image is referenced in multiple repositories").
 */
import { failure, ok } from "../types.js";
import { parseImageReference } from "../../sim/catalog/images.js";
import { defineCommand, type DockerContext } from "./command.js";
import { daemonError } from "./errors.js";
import { findImage, tagsOf, withDefaultTag } from "./lookup.js";
import { familiarReference, shortId, validateReference } from "./references.js";

export const tagCommand = defineCommand({
  paths: [["image", "tag"], ["tag"]],
  args: { exact: 2 },
  simulated: [],
  execute(ctx) {
    const [source, target] = ctx.args as [string, string];
    const invalid = validateReference(target);
    if (invalid) {
      const name = target.replace(/:[^/]*$/, "");
      return failure(`Error parsing reference: "${target}" is not a valid repository/tag: invalid reference format${invalid.includes("lowercase") ? `: repository name (${name.includes("/") ? name : `library/${name}`}) must be lowercase` : ""}`);
    }
    const image = findImage(ctx.daemon.engine, source);
    if (!image) return daemonError(`No such image: ${withDefaultTag(source)}`);
    ctx.daemon.engine.tags.set(parseImageReference(target).full, image.id);
    return ok();
  },
});

/** The containers (any state) created from an image, which make rmi a conflict (moby daemon/images/image_delete.go). */
function containersUsing(ctx: DockerContext, imageId: string): { id: string; running: boolean }[] {
  return [...ctx.daemon.containers.containers.values()].filter((c) => c.imageId === imageId).map((c) => ({ id: c.id, running: c.runtime.state.status === "running" }));
}

export const rmiCommand = defineCommand({
  paths: [["image", "rm"], ["rmi"], ["image", "remove"]],
  args: { min: 1 },
  simulated: ["force"],
  execute(ctx) {
    const engine = ctx.daemon.engine;
    const force = ctx.flags.bool("force");
    let stdout = "";
    const errors: string[] = [];
    for (const ref of ctx.args) {
      const image = findImage(engine, ref);
      if (!image) {
        errors.push(`Error response from daemon: No such image: ${withDefaultTag(ref)}`);
        continue;
      }
      const full = parseImageReference(ref).full;
      const byName = engine.tags.get(full) === image.id;
      const tags = tagsOf(engine, image);
      const users = containersUsing(ctx, image.id);
      if (byName && tags.length > 1) {
        // Another name still points at the image: only this name goes.
        engine.tags.delete(full);
        stdout += `Untagged: ${familiarReference(full)}\n`;
        continue;
      }
      const running = users.find((u) => u.running);
      if (running && force) {
        errors.push(`Error response from daemon: conflict: unable to delete ${shortId(image.id)} (cannot be forced) - image is being used by running container ${shortId(running.id)}`);
        continue;
      }
      if (users.length > 0 && !force) {
        errors.push(
          byName
            ? `Error response from daemon: conflict: unable to remove repository reference "${ref}" (must force) - container ${shortId(users[0]!.id)} is using its referenced image ${shortId(image.id)}`
            : `Error response from daemon: conflict: unable to delete ${shortId(image.id)} (must be forced) - image is being used by stopped container ${shortId(users[0]!.id)}`,
        );
        continue;
      }
      if (!byName && tags.length > 1 && !force) {
        errors.push(`Error response from daemon: conflict: unable to delete ${shortId(image.id)} (must be forced) - image is referenced in multiple repositories`);
        continue;
      }
      for (const tag of tags) {
        engine.tags.delete(tag);
        stdout += `Untagged: ${familiarReference(tag)}\n`;
      }
      if (users.length > 0) continue; // forced: untagged, kept for its containers (dangling)
      engine.images.delete(image.id);
      // The real daemon goes on with a `Deleted: sha256:...` line per layer it frees; the model keeps
      // layers inside images (no chain IDs), so it prints the image's line only.
      stdout += `Deleted: ${image.id}\n`;
    }
    if (errors.length > 0) return { stdout, stderr: `${errors.join("\n")}\n`, exitCode: 1 };
    return ok(stdout);
  },
});
