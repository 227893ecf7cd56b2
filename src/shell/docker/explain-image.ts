/**
 * `sim explain image NAME`: the trainer's layer view (dive's, plus what dive
 * lacks): every instruction of the image oldest first, the bytes its layer
 * added, whether the build that made the image took it from the cache and,
 * when it ran, why (the first step that missed names what changed; every later
 * step of that stage misses because of it); then the space wasted by files a
 * later layer deleted or replaced, which the image still carries.
 */
import { humanSize, type HistoryEntry, type Image } from "../../sim/docker/image.js";
import type { DockerDaemon } from "../../sim/docker/daemon.js";
import { failure, ok, type CommandResult } from "../types.js";
import { findImage, tagsOf, withDefaultTag } from "./lookup.js";
import { familiarReference, shortId } from "./references.js";

export const EXPLAIN_IMAGE_USAGE = "Usage: sim explain image NAME";

/** The instruction a history entry came from, as the Dockerfile wrote it (without BuildKit's shell and marker). */
function instructionOf(entry: HistoryEntry): string {
  return entry.createdBy
    .replace(/ # buildkit$/, "")
    .replace(/^RUN \|\d+ (?:\S+=\S* )*/, "RUN ")
    .replace(/^RUN \/bin\/sh -c /, "RUN ");
}

function buildColumn(entry: HistoryEntry): string {
  if (entry.inherited) return "base image";
  if (!entry.layer) return "config only";
  if (!entry.lastBuild) return "";
  return entry.lastBuild.cached ? "CACHED" : "RAN";
}

/** Bytes the image carries that its final file system no longer shows: a later layer deleted or overwrote them. */
export function wastedSpace(image: Image): { bytes: number; files: { path: string; bytes: number; addedBy: number; removedBy: number; how: "deleted" | "replaced" }[] } {
  const entries = image.history.map((h, i) => ({ h, i })).filter(({ h }) => h.layer);
  const files: { path: string; bytes: number; addedBy: number; removedBy: number; how: "deleted" | "replaced" }[] = [];
  entries.forEach(({ h, i }, k) => {
    for (const [path, content] of h.layer!.changes) {
      if (content === null || path.endsWith("/") || content.length === 0) continue;
      for (const later of entries.slice(k + 1)) {
        const next = later.h.layer!.changes;
        const deleted = [...next].some(([p, c]) => c === null && (p === path || path.startsWith(`${p.replace(/\/$/, "")}/`)));
        if (deleted || next.has(path)) {
          files.push({ path, bytes: content.length, addedBy: i + 1, removedBy: later.i + 1, how: deleted ? "deleted" : "replaced" });
          break;
        }
      }
    }
  });
  return { bytes: files.reduce((n, f) => n + f.bytes, 0), files };
}

export function explainImage(args: string[], daemon: DockerDaemon): CommandResult {
  if (args.length !== 1) return failure(EXPLAIN_IMAGE_USAGE);
  if (!daemon.running) return failure("sim explain: the Docker daemon is stopped (sim docker on)");
  const image = findImage(daemon.engine, args[0]!);
  if (!image) return failure(`sim explain: no image ${withDefaultTag(args[0]!)} on the learner's Docker daemon (docker images lists them)`);
  const names = tagsOf(daemon.engine, image).map(familiarReference);
  const layerCount = image.history.filter((h) => h.layer).length;
  const total = image.history.reduce((n, h) => n + (h.layer?.sizeBytes ?? 0), 0);
  let out = `Image ${names.join(", ") || "<none>"} (${shortId(image.id)}): ${layerCount} layers, ${humanSize(total)}${image.base ? `, built on ${familiarReference(image.base)}` : ""}\n\n`;
  const rows = image.history.map((h, i) => [String(i + 1), instructionOf(h), h.layer ? humanSize(h.layer.sizeBytes) : "-", h.layer ? shortId(h.layer.digest) : "-", buildColumn(h)]);
  const headers = ["#", "INSTRUCTION", "SIZE", "LAYER", "LAST BUILD"];
  const cut = (s: string) => (s.length > 48 ? `${s.slice(0, 47)}…` : s);
  const table = [headers, ...rows.map((r) => [r[0]!, cut(r[1]!), r[2]!, r[3]!, r[4]!])];
  const widths = headers.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  for (const row of table) out += `${row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]! + 2))).join("").trimEnd()}\n`;
  const misses = image.history.map((h, i) => ({ h, i })).filter(({ h }) => h.lastBuild && !h.lastBuild.cached);
  if (misses.length > 0) {
    out += "\nWhy steps ran instead of coming from the cache:\n";
    for (const { h, i } of misses) out += `  ${i + 1}. ${instructionOf(h)}: ${h.lastBuild!.reason ?? "not recorded"}\n`;
  } else if (image.history.some((h) => h.lastBuild)) {
    out += "\nThe last build took every step from the cache.\n";
  }
  const waste = wastedSpace(image);
  if (waste.files.length === 0) out += "\nWasted space: none (no layer deletes or replaces a file an earlier layer added).\n";
  else {
    out += `\nWasted space: ${humanSize(waste.bytes)} that later layers hide but the image still carries:\n`;
    for (const f of waste.files) out += `  /${f.path} (${humanSize(f.bytes)}): added by step ${f.addedBy}, ${f.how} by step ${f.removedBy}\n`;
  }
  return ok(out);
}
