/** Every kubectl verb kadet simulates, in one place (the registry index.ts dispatches on). */
import type { Verb } from "./verb.js";
import { runVerb } from "./run.js";

export const VERBS: Verb[] = [runVerb];
