/**
 * The `image` check: an image in the learner's Docker engine, found as
 * `docker image inspect` finds it (name[:tag], ID or ID prefix), exists (or
 * not); a field of its inspect document, read with JSONPath
 * (`{.Config.User}`, `{.Config.Cmd}`, `{.Size}`), meets a comparator; it was
 * built on a given base image (the catalog image at the root of its final
 * stage); it does not run as root.
 */
import { z } from "zod";
import { parseImageReference } from "../../sim/catalog/images.js";
import type { Image } from "../../sim/docker/image.js";
import { imageInspect } from "../../shell/docker/inspect-image.js";
import { findImage, tagsOf } from "../../shell/docker/lookup.js";
import { familiarReference } from "../../shell/docker/references.js";
import { comparatorFields, comparatorKeysIn, comparatorOf, refineComparator } from "./comparators.js";
import { defineCheck } from "./define.js";
import { listNames } from "./describe.js";
import { compareField, dockerCopy, NO_DOCKER } from "./docker-state.js";
import { jsonPathField } from "./fields.js";
import { result, type CheckContext, type CheckIdentity, type CheckResult } from "./types.js";

const ImageCheckSchema = z
  .strictObject({
    ref: z.string().min(1),
    jsonpath: jsonPathField.optional(),
    base: z.string().min(1).optional(),
    nonRoot: z.literal(true).optional(),
    ...comparatorFields,
  })
  .superRefine((spec, ctx) => {
    if (spec.jsonpath !== undefined) refineComparator(spec, ctx, { required: true, what: "an image check with a jsonpath" });
    else refineComparator(spec, ctx, { required: false, allowed: ["exists"], what: "an image check without jsonpath" });
    const marks = [spec.jsonpath !== undefined, spec.base !== undefined, spec.nonRoot !== undefined, spec.exists !== undefined].filter(Boolean).length;
    if (marks > 1) ctx.addIssue({ code: "custom", message: "an image check tests one thing: jsonpath, base, nonRoot or exists" });
  });

export type ImageCheckSpec = z.infer<typeof ImageCheckSchema>;

export const imageCheck = defineCheck({
  type: "image",
  keys: { image: ImageCheckSchema },
  toSpec: (input) => input.image,
  evaluate: evaluateImage,
});

/**
 * Users that are root: empty (the default), "root" and UID 0, with or
 * without a group ("Dockerfile reference, USER": the user may be a name or
 * UID, optionally with a group).
 */
export function isRootUser(user: string): boolean {
  const name = user.split(":")[0]!.trim();
  return name === "" || name === "root" || name === "0";
}

function localImages(images: Map<string, Image>, tags: Map<string, string>): string[] {
  const named = [...tags.keys()].map(familiarReference).sort();
  const untagged = [...images.keys()].filter((id) => ![...tags.values()].includes(id)).length;
  return untagged ? [...named, `${untagged} untagged`] : named;
}

function evaluateImage(check: CheckIdentity, spec: ImageCheckSpec, ctx: CheckContext): CheckResult {
  const docker = dockerCopy(ctx);
  if (!docker) return result(check, { status: "error", message: NO_DOCKER });
  const engine = docker.engine;
  const image = findImage(engine, spec.ref);
  const shown = familiarReference(parseImageReference(spec.ref).full);
  if (!image) {
    if (spec.exists === false) return result(check, { status: "pass", message: `no image ${shown}, as expected` });
    const here = localImages(engine.images, engine.tags);
    const present = here.length ? `images here: ${listNames(here)}` : "the engine has no images";
    return result(check, { status: "fail", observed: "(no such image)", expected: `an image ${shown}`, message: `no image ${shown} in your Docker engine (${present})` });
  }
  const name = tagsOf(engine, image).map(familiarReference).includes(shown) ? shown : `${shown} (${image.id.slice(7, 19)})`;
  if (spec.exists === false) return result(check, { status: "fail", observed: "exists", expected: "absent", message: `image ${name} still exists` });

  if (spec.nonRoot) {
    const user = image.config.User;
    if (isRootUser(user)) {
      const why = user === "" ? "its Config.User is empty, so its processes run as root (UID 0)" : `its Config.User is ${user}, which is root`;
      return result(check, { status: "fail", observed: user === "" ? "(empty)" : user, expected: "a user other than root", message: `image ${name} runs as root: ${why}. Add a USER instruction (after the steps that need root)` });
    }
    return result(check, { status: "pass", observed: user, message: `image ${name} runs as ${user}` });
  }
  if (spec.base !== undefined) {
    const wanted = parseImageReference(spec.base).full;
    const actual = image.base;
    if (actual === wanted) return result(check, { status: "pass", observed: familiarReference(actual), message: `image ${name} is built on ${familiarReference(actual)}` });
    const observed = actual ? familiarReference(actual) : "scratch";
    return result(check, { status: "fail", observed, expected: familiarReference(wanted), message: `image ${name} is built on ${observed}, not ${familiarReference(wanted)} (its final stage's FROM decides the base)` });
  }
  const comparator = comparatorOf(spec);
  if (spec.jsonpath === undefined || !comparator || comparatorKeysIn(spec).length === 0) return result(check, { status: "pass", message: `image ${name} exists` });
  const field = compareField(imageInspect(engine, image), spec.jsonpath, comparator);
  return field.ok
    ? result(check, { status: "pass", observed: field.observed, expected: field.expected, message: `image ${name}: ${spec.jsonpath} is ${field.observed}` })
    : result(check, { status: "fail", observed: field.observed, expected: field.expected, message: `image ${name}: ${field.reason}` });
}
