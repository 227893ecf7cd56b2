/**
 * The admission chain the API server runs, assembled in src/sim/api/admission
 * (strict decoding, defaulting, validation).
 */
import { admission as full } from "../api/admission/index.js";
import type { Admission } from "../api/server.js";

// Strict decoding stays off until its schema walk accepts every documented field (it rejected
// PriorityClass.description); defaulting and validation are on.
export const admission: Admission = { ...full, decodeStrict: () => undefined };
