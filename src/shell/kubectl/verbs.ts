/** Every kubectl verb kadet simulates, in one place (the registry index.ts dispatches on). */
import type { Verb } from "./verb.js";
import { runVerb } from "./run.js";
import { createVerb } from "./create.js";
import { getVerb } from "./get.js";

export const VERBS: Verb[] = [createVerb, getVerb, runVerb];
