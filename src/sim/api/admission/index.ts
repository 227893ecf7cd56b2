/**
 * Admission for the model's API server, in the real order: strict decoding,
 * defaulting, validation. `admission` plugs straight into ApiServer; the
 * pieces are exported for callers that need one step alone.
 */
import type { Admission } from "../server.js";
import type { KindInfo } from "../kinds.js";
import type { KubeObject } from "../types.js";
import { applyDefaults } from "./defaults.js";
import { decodeStrict } from "./decode.js";
import { validate } from "./validation.js";

export { applyDefaults, defaultPodSpec, type DefaultingOptions, TERMINATION_MESSAGE_PATH } from "./defaults.js";
export { DEFAULT_TOLERATION_SECONDS } from "./plugins/default-toleration-seconds.js";
export { ADMISSION_CHAIN } from "./plugins/chain.js";
export { decodeStrict, renderPath, type DecodeError } from "./decode.js";
export { validate, validatePodSpec, validateLabels, POD_UPDATE_FORBIDDEN } from "./validation.js";
export { defaultPullPolicy, parseImageReference, type ImageReference } from "./image.js";
export * from "./messages.js";

/**
 * The Admission the API server runs. Defaulting cannot see whether the call
 * is a create or an update, so it reads it from the object: the server fills
 * in metadata.uid from the stored object before defaulting an update.
 */
export const admission: Admission = {
  decodeStrict: (obj: KubeObject, info: KindInfo) => decodeStrict(obj, info)?.message,
  applyDefaults: (obj: KubeObject, info: KindInfo) => applyDefaults(obj, info, { operation: obj.metadata?.uid ? "update" : "create" }),
  validate: (obj, info, old) => validate(obj, info, old),
};
