/** Every kubectl verb kadet simulates, in one place (the registry index.ts dispatches on). */
import type { Verb } from "./verb.js";
import { apiResourcesVerb } from "./api-resources.js";
import { annotateVerb } from "./annotate.js";
import { applyVerb } from "./apply.js";
import { authVerb } from "./auth.js";
import { certificateVerb } from "./certificate.js";
import { clusterInfoVerb } from "./cluster-info.js";
import { completionVerb } from "./completion.js";
import { cpVerb } from "./cp.js";
import { configVerb } from "./config.js";
import { createVerb } from "./create.js";
import { deleteVerb } from "./delete.js";
import { describeVerb } from "./describe.js";
import { diffVerb } from "./diff.js";
import { execVerb } from "./exec.js";
import { editVerb } from "./edit.js";
import { eventsVerb } from "./events.js";
import { explainVerb } from "./explain.js";
import { exposeVerb } from "./expose.js";
import { getVerb } from "./get.js";
import { labelVerb } from "./label.js";
import { logsVerb } from "./logs.js";
import { patchVerb } from "./patch.js";
import { cordonVerb, drainVerb, uncordonVerb } from "./node-maintenance.js";
import { replaceVerb } from "./replace.js";
import { rolloutVerb } from "./rollout.js";
import { runVerb } from "./run.js";
import { scaleVerb } from "./scale.js";
import { setVerb } from "./set.js";
import { taintVerb } from "./taint.js";
import { versionVerb } from "./version.js";
import { waitVerb } from "./wait.js";
import { topVerb } from "./top.js";
import { autoscaleVerb } from "./autoscale.js";
import { kustomizeVerb } from "./kustomize.js";

export const VERBS: Verb[] = [
  apiResourcesVerb, applyVerb, kustomizeVerb, authVerb, clusterInfoVerb, completionVerb, configVerb, cordonVerb, createVerb, deleteVerb, describeVerb,
  drainVerb, editVerb, execVerb, exposeVerb, getVerb, labelVerb, logsVerb, rolloutVerb, runVerb, scaleVerb, setVerb, taintVerb,
  uncordonVerb, versionVerb,
  annotateVerb,
  patchVerb,
  replaceVerb,
  waitVerb,
  eventsVerb,
  explainVerb,
  diffVerb,
  topVerb,
  autoscaleVerb,
  certificateVerb,
  cpVerb,
];
