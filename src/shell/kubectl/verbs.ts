/** Every kubectl verb kadet simulates, in one place (the registry index.ts dispatches on). */
import type { Verb } from "./verb.js";
import { runVerb } from "./run.js";
import { createVerb } from "./create.js";
import { getVerb } from "./get.js";
import { applyVerb } from "./apply.js";
import { deleteVerb } from "./delete.js";

export const VERBS: Verb[] = [applyVerb, createVerb, deleteVerb, getVerb, runVerb];
