/** Every kubectl verb kadet simulates, in one place (the registry index.ts dispatches on). */
import type { Verb } from "./verb.js";
import { apiResourcesVerb } from "./api-resources.js";
import { applyVerb } from "./apply.js";
import { clusterInfoVerb } from "./cluster-info.js";
import { configVerb } from "./config.js";
import { createVerb } from "./create.js";
import { deleteVerb } from "./delete.js";
import { describeVerb } from "./describe.js";
import { getVerb } from "./get.js";
import { labelVerb } from "./label.js";
import { logsVerb } from "./logs.js";
import { runVerb } from "./run.js";
import { scaleVerb } from "./scale.js";
import { versionVerb } from "./version.js";

export const VERBS: Verb[] = [
  apiResourcesVerb, applyVerb, clusterInfoVerb, configVerb, createVerb, deleteVerb, describeVerb,
  getVerb, labelVerb, logsVerb, runVerb, scaleVerb, versionVerb,
];
