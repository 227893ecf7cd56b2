/**
 * `docker history IMAGE`: the image's history newest first, one row per
 * instruction with the size of the layer it added. Only the top row has an
 * ID: BuildKit keeps no intermediate images, so the rest are `<missing>`.
 * CREATED BY is cut to 45 characters with an ellipsis (stringutils.Ellipsis)
 * unless --no-trunc.
 */
import { failure, ok } from "../types.js";
import { humanSize } from "../../sim/docker/image.js";
import { defineCommand } from "./command.js";
import { daemonError } from "./errors.js";
import { humanDuration, renderList } from "./format.js";
import { findImage, withDefaultTag } from "./lookup.js";
import { shortId } from "./references.js";
import { toRfc3339 } from "../../sim/core/clock.js";

const HEADERS = { ID: "IMAGE", CreatedSince: "CREATED", CreatedAt: "CREATED AT", CreatedBy: "CREATED BY", Size: "SIZE", Comment: "COMMENT" };

/** docker/cli internal/stringutils Ellipsis: at most maxlen runes, the last one "…". */
export function ellipsis(s: string, maxlen: number): string {
  const runes = [...s];
  if (runes.length <= maxlen) return s;
  if (maxlen <= 3) return runes.slice(0, maxlen).join("");
  return `${runes.slice(0, maxlen - 1).join("")}…`;
}

export const historyCommand = defineCommand({
  paths: [["image", "history"], ["history"]],
  args: { exact: 1 },
  simulated: ["no-trunc", "quiet", "format", "human"],
  execute(ctx) {
    const ref = ctx.args[0]!;
    const image = findImage(ctx.daemon.engine, ref);
    if (!image) return daemonError(`No such image: ${withDefaultTag(ref)}`);
    const now = ctx.family.session.environment.now();
    const noTrunc = ctx.flags.bool("no-trunc");
    const human = ctx.flags.bool("human");
    const rows = [...image.history].reverse().map((h, i) => {
      const createdBy = h.createdBy.replaceAll("\t", " ");
      const size = h.layer?.sizeBytes ?? 0;
      return {
        ID: i === 0 ? (noTrunc ? image.id : shortId(image.id)) : "<missing>",
        CreatedSince: human ? `${humanDuration(now - h.created)} ago` : toRfc3339(h.created),
        CreatedAt: toRfc3339(h.created),
        CreatedBy: noTrunc ? createdBy : ellipsis(createdBy, 45),
        Size: human ? humanSize(size) : String(size),
        // BuildKit marks the entries it wrote; the base image's come from elsewhere.
        Comment: h.inherited ? "" : "buildkit.dockerfile.v0",
      };
    });
    const out = renderList(rows, {
      format: ctx.flags.string("format"),
      defaultFormat: "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
      quietFormat: "{{.ID}}",
      quiet: ctx.flags.bool("quiet"),
      headers: HEADERS,
    });
    if (!out.ok) return failure(`failed to parse template: ${out.error}`);
    return ok(out.output);
  },
});
