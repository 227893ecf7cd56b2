/**
 * Schema pieces that several check types share (a kind, a JSONPath, a label
 * selector, a workspace path), each refusing a bad value at load time with
 * the author's wording, so a mistake is a content error, not a failed check.
 */
import { z } from "zod";
import { kindNamed, resolveResource, type KindInfo } from "../../sim/api/kinds.js";
import { parseSelector } from "../../sim/core/labels.js";
import { jsonPathTemplateError } from "../jsonpath.js";
import { regexError } from "./comparators.js";

/** A Kind ("Pod") or what kubectl accepts ("po", "deployments.apps"). */
export function kindOf(typed: string): KindInfo | undefined {
  return kindNamed(typed) ?? resolveResource(typed);
}

export const kindField = z.string().superRefine((value, ctx) => {
  if (!kindOf(value)) ctx.addIssue({ code: "custom", message: `unknown kind "${value}" (use a Kind like Pod or a resource name like po, deploy, svc)` });
});

export const jsonPathField = z.string().superRefine((value, ctx) => {
  const error = jsonPathTemplateError(value);
  if (error) ctx.addIssue({ code: "custom", message: error });
});

export const regexField = z.string().superRefine((value, ctx) => {
  const error = regexError(value);
  if (error) ctx.addIssue({ code: "custom", message: `invalid regular expression: ${error}` });
});

export const selectorField = z.string().superRefine((value, ctx) => {
  try {
    parseSelector(value);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: `invalid label selector: ${(e as Error).message}` });
  }
});

/** A path inside the learner's workspace: relative, never climbing out of it. */
export const workspacePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith("/") && !p.split(/[\\/]/).includes(".."), "must be a relative path inside the workspace");
