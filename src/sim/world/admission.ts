/**
 * The admission chain the API server runs, assembled from
 * src/sim/api/admission: defaulting and validation.
 */
import { applyDefaults } from "../api/admission/defaults.js";
import { validate } from "../api/admission/validation.js";
import type { Admission } from "../api/server.js";

// Strict decoding (src/sim/api/admission/decode.ts) stays out for now: it loads every
// kubernetes-models validator at start-up (over a second) and rejected PriorityClass.description.
export const admission: Admission = {
  decodeStrict: () => undefined,
  applyDefaults: (obj, info) => applyDefaults(obj, info, { operation: obj.metadata?.uid ? "update" : "create" }),
  validate: (obj, info, old) => validate(obj, info, old),
};
