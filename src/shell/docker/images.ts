/**
 * `docker images` / `docker image ls`: one row per tag (an untagged image is
 * `<none>  <none>`), newest first, in the CLI's default table or a --format
 * template. BuildKit keeps base images in its own cache, so `FROM node`
 * does not add node to this list (only `docker run`/`pull` do).
 */
import { failure, ok } from "../types.js";
import { imageSize, humanSize, type Image } from "../../sim/docker/image.js";
import { defineCommand, type DockerContext } from "./command.js";
import { humanDuration, renderList } from "./format.js";
import { shortId, splitFullReference } from "./references.js";
import { parseImageReference } from "../../sim/catalog/images.js";
import { toRfc3339 } from "../../sim/core/clock.js";

const HEADERS = { Repository: "REPOSITORY", Tag: "TAG", ID: "IMAGE ID", Digest: "DIGEST", CreatedSince: "CREATED", CreatedAt: "CREATED AT", Size: "SIZE", Containers: "CONTAINERS", SharedSize: "SHARED SIZE", UniqueSize: "UNIQUE SIZE", VirtualSize: "VIRTUAL SIZE" };

/** Every tag of every image, as [full reference or undefined for dangling, image]. */
export function imageRows(ctx: DockerContext): [string | undefined, Image][] {
  const engine = ctx.daemon.engine;
  const rows: [string | undefined, Image][] = [];
  const images = [...engine.images.values()].sort((a, b) => b.created - a.created || (a.id < b.id ? -1 : 1));
  for (const image of images) {
    const tags = [...engine.tags].filter(([, id]) => id === image.id).map(([ref]) => ref).sort();
    if (tags.length === 0) rows.push([undefined, image]);
    for (const tag of tags) rows.push([tag, image]);
  }
  return rows;
}

export const imagesCommand = defineCommand({
  paths: [["image", "ls"], ["images"], ["image", "list"]],
  args: { min: 0, max: 1 },
  simulated: ["quiet", "all", "no-trunc", "format", "filter"],
  execute(ctx) {
    const now = ctx.family.session.environment.now();
    let rows = imageRows(ctx);
    const wanted = ctx.args[0];
    if (wanted !== undefined) {
      const ref = parseImageReference(wanted);
      const hasTag = /:[^/]*$/.test(wanted);
      rows = rows.filter(([full]) => full !== undefined && (hasTag ? full === ref.full : full.startsWith(`${ref.repository}:`)));
    }
    for (const filter of ctx.flags.strings("filter")) {
      const [key, value] = filter.split("=", 2) as [string, string | undefined];
      if (key === "dangling") {
        if (value !== "true" && value !== "false") return failure(`invalid filter 'dangling=${value ?? ""}'`);
        rows = rows.filter(([full]) => (full === undefined) === (value === "true"));
      } else if (key === "reference") {
        const pattern = new RegExp(`^${(value ?? "").replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);
        rows = rows.filter(([full]) => full !== undefined && (pattern.test(splitFullReference(full).join(":")) || pattern.test(splitFullReference(full)[0])));
      } else {
        return failure(`kadet: 'docker images --filter ${key}' is not simulated yet`);
      }
    }
    const noTrunc = ctx.flags.bool("no-trunc");
    const data = rows.map(([full, image]) => {
      const [repo, tag] = full ? splitFullReference(full) : ["<none>", "<none>"];
      return {
        Containers: "N/A",
        CreatedAt: toRfc3339(image.created).replace("T", " ").replace("Z", " +0000 UTC"),
        CreatedSince: `${humanDuration(now - image.created)} ago`,
        Digest: "<none>",
        ID: noTrunc ? image.id : shortId(image.id),
        Repository: repo,
        SharedSize: "N/A",
        Size: humanSize(imageSize(image)),
        Tag: tag,
        UniqueSize: "N/A",
        VirtualSize: humanSize(imageSize(image)),
      };
    });
    // -q lists each image once (the CLI dedupes IDs).
    const quiet = ctx.flags.bool("quiet");
    const unique = quiet ? data.filter((row, i) => data.findIndex((r) => r.ID === row.ID) === i) : data;
    const out = renderList(unique, {
      format: ctx.flags.string("format"),
      defaultFormat: "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}",
      quietFormat: "{{.ID}}",
      quiet,
      headers: HEADERS,
    });
    if (!out.ok) return failure(`failed to parse template: ${out.error}`);
    return ok(out.output);
  },
});
