/**
 * `docker image inspect`: the image as Engine 27's API returns it
 * (api/types ImageInspect, its Config a container.Config), fields in that
 * order, printed as `json.Indent` with four spaces, or through a --format Go
 * template. Template data keep Go's types where they show: a nil slice
 * prints `[]`, a nil map `map[]` (GoNil).
 */
import { failure, type CommandResult } from "../types.js";
import type { DockerEngine } from "../../sim/docker/build.js";
import { imageSize, layers, type Image } from "../../sim/docker/image.js";
import { sha256 } from "../../sim/docker/image.js";
import { defineCommand, type DockerContext } from "./command.js";
import { dockerJson, executeTemplate, GoNil, templateParseError } from "./go-template.js";
import { rfc3339Nano } from "./format.js";
import { findImage, tagsOf, withDefaultTag } from "./lookup.js";
import { familiarReference } from "./references.js";

/** A container.Config (api/types/container/config.go) in its field order; omitempty fields only when set. */
function containerConfig(image: Image, allFields: boolean): Record<string, unknown> {
  const c = image.config;
  // A template sees the Go struct, whose omitempty fields exist even when JSON leaves them out.
  const omitted = (name: string, value: unknown, set: boolean) => (set || allFields ? { [name]: set ? value : omittedZero(name) } : {});
  return {
    Hostname: "",
    Domainname: "",
    User: c.User,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    ...omitted("ExposedPorts", c.ExposedPorts, c.ExposedPorts !== null),
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: c.Env.length ? c.Env : null,
    Cmd: c.Cmd,
    ...omitted("Healthcheck", null, false),
    ...omitted("ArgsEscaped", false, false),
    Image: "",
    Volumes: c.Volumes,
    WorkingDir: c.WorkingDir,
    Entrypoint: c.Entrypoint,
    ...omitted("NetworkDisabled", false, false),
    ...omitted("MacAddress", "", false),
    OnBuild: null,
    Labels: c.Labels ? sortedMap(c.Labels) : null,
    ...omitted("StopSignal", c.StopSignal, c.StopSignal !== undefined),
    ...omitted("StopTimeout", null, false),
    ...omitted("Shell", c.Shell ?? null, c.Shell !== undefined),
  };
}

function omittedZero(name: string): unknown {
  if (name === "ExposedPorts") return null;
  if (name === "ArgsEscaped" || name === "NetworkDisabled") return false;
  if (name === "MacAddress" || name === "StopSignal") return "";
  return null;
}

function sortedMap<T>(map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k]!]));
}

/** The overlay2 folders of the image's top layer, named after a digest as the daemon's cache IDs are. */
function graphDriver(image: Image): Record<string, unknown> {
  const ids = layers(image).map((l) => sha256(`cache:${l.digest}`).slice(7, 32));
  const top = ids[ids.length - 1] ?? sha256(`cache:${image.id}`).slice(7, 32);
  const lower = ids.slice(0, -1).reverse().map((id) => `/var/lib/docker/overlay2/${id}/diff`).join(":");
  return {
    Data: { ...(lower ? { LowerDir: lower } : {}), MergedDir: `/var/lib/docker/overlay2/${top}/merged`, UpperDir: `/var/lib/docker/overlay2/${top}/diff`, WorkDir: `/var/lib/docker/overlay2/${top}/work` },
    Name: "overlay2",
  };
}

/** `allFields`: the Go struct a template sees, omitempty fields included. */
export function imageInspect(engine: DockerEngine, image: Image, allFields = false): Record<string, unknown> {
  const built = image.history.some((h) => !h.inherited);
  return {
    Id: image.id,
    RepoTags: tagsOf(engine, image).map(familiarReference),
    // Images built locally have no registry digest; pulled ones would (not simulated: the catalog has no digests).
    RepoDigests: [],
    Parent: "",
    Comment: built ? "buildkit.dockerfile.v0" : "",
    Created: rfc3339Nano(image.created),
    DockerVersion: "",
    Author: "",
    Config: containerConfig(image, allFields),
    Architecture: "amd64",
    Os: "linux",
    Size: imageSize(image),
    GraphDriver: graphDriver(image),
    RootFS: { Type: "layers", Layers: layers(image).map((l) => l.digest) },
    Metadata: { LastTagTime: "0001-01-01T00:00:00Z" },
  };
}

const SLICE_FIELDS = new Set(["Cmd", "Entrypoint", "Env", "OnBuild", "Shell", "RepoTags", "RepoDigests", "Layers", "Args", "Mounts"]);
const MAP_FIELDS = new Set(["Volumes", "Labels", "ExposedPorts", "Data", "Ports", "Networks"]);

/** The inspect JSON with each null typed as Go would hold it (for templates). */
export function typedForTemplate(value: unknown, key = ""): unknown {
  if (value === null) return SLICE_FIELDS.has(key) ? new GoNil("slice") : MAP_FIELDS.has(key) ? new GoNil("map") : new GoNil("pointer");
  if (Array.isArray(value)) return value.map((v) => typedForTemplate(v));
  if (typeof value === "object") return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typedForTemplate(v, k)]));
  return value;
}

/**
 * cli/command/inspect Inspect: without --format a JSON array indented by four spaces;
 * `json` compact; else the template once per object. A template error ends the
 * object's output and is reported after the others (exit 1); a parse error is exit 64.
 */
export interface Inspected {
  /** What the API returns (the JSON output). */
  json: Record<string, unknown>;
  /** The Go struct a template runs on. */
  typed: Record<string, unknown>;
}

export function printInspected(inspected: readonly Inspected[], errors: readonly string[], format: string): CommandResult {
  const objects = inspected.map((i) => i.json);
  let stdout: string;
  const problems = [...errors];
  if (format === "") stdout = `${objects.length === 0 ? "[]" : JSON.stringify(objects, null, 4)}\n`;
  else if (format === "json") stdout = `${objects.length === 0 ? "[]" : `[${objects.map((o) => dockerJson(o)).join(",")}]`}\n`;
  else {
    const parseError = templateParseError(format);
    if (parseError) return failure(`template parsing error: ${parseError}`, 64);
    stdout = "";
    for (const { typed } of inspected) {
      const r = executeTemplate(format, typedForTemplate(typed));
      if (r.ok) stdout += `${r.output}\n`;
      else problems.push(`template parsing error: ${r.error}`);
    }
    if (stdout === "") stdout = "\n";
  }
  if (problems.length > 0) return { stdout, stderr: `${problems.join("\n")}\n`, exitCode: 1 };
  return { stdout, stderr: "", exitCode: 0 };
}

/** The template is parsed before the daemon is asked (exit 64, cli/command/inspect). */
export function inspectFormatError(format: string): CommandResult | undefined {
  if (format === "" || format === "json") return undefined;
  const error = templateParseError(format);
  return error ? failure(`template parsing error: ${error}`, 64) : undefined;
}

export const imageInspectCommand = defineCommand({
  paths: [["image", "inspect"]],
  args: { min: 1 },
  simulated: ["format"],
  daemonDownStdout: "[]\n",
  validate: (flags) => inspectFormatError(flags.string("format")),
  execute: (ctx) => inspectImages(ctx),
});

/** `docker image inspect REF...` (also `docker inspect --type image`): each image's JSON, or the daemon's error per missing one. */
export function inspectImages(ctx: DockerContext): CommandResult {
  const found: Inspected[] = [];
  const errors: string[] = [];
  for (const ref of ctx.args) {
    const image = findImage(ctx.daemon.engine, ref);
    if (image) found.push({ json: imageInspect(ctx.daemon.engine, image), typed: imageInspect(ctx.daemon.engine, image, true) });
    else errors.push(`Error response from daemon: No such image: ${withDefaultTag(ref)}`);
  }
  return printInspected(found, errors, ctx.flags.string("format"));
}
