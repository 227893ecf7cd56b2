/**
 * The contract of a check type. A check entry in an exercise file is
 * `id`, `description`, `weight` and the keys of exactly one type; the key
 * named like the type (`object:`, `count:`, `command:`) says which. A type
 * declares those keys as a zod shape, turns the parsed keys into its spec,
 * and evaluates the spec against the learner's work. `registry.ts` lists the
 * types; nothing else names them.
 */
import type { z } from "zod";
import type { CheckContext, CheckIdentity, CheckResult } from "./types.js";

export interface CheckDefinition<T extends string = string, Shape extends z.ZodRawShape = z.ZodRawShape, Spec = unknown> {
  /** The type's name, which is also the key that marks a check as this type. */
  type: T;
  /** Every key the type owns in a check entry, including the one named `type`. Others may only be used with it. */
  keys: Shape & Record<T, z.ZodType>;
  /** Rules across the type's keys ("a command check needs stdout, stderr and/or exitCode"). */
  refine?(input: z.output<z.ZodObject<Shape>>, ctx: z.RefinementCtx): void;
  /** The validated keys as the spec the evaluator reads. */
  toSpec(input: z.output<z.ZodObject<Shape>>): Spec;
  /** Observes the learner's work; a thrown fault becomes an `error` result (see `evaluateCheck`). */
  evaluate(check: CheckIdentity, spec: Spec, ctx: CheckContext): CheckResult | Promise<CheckResult>;
}

/** Declares a check type; the identity function that lets TypeScript infer the shape and spec. */
export function defineCheck<T extends string, Shape extends z.ZodRawShape, Spec>(definition: CheckDefinition<T, Shape, Spec>): CheckDefinition<T, Shape, Spec> {
  return definition;
}

/** The spec a definition's `toSpec` returns. */
export type SpecOf<D> = D extends CheckDefinition<string, z.ZodRawShape, infer Spec> ? Spec : never;
