/**
 * The patch `kubectl edit` sends: a two-way strategic merge patch from the object as read to
 * the object as saved (apimachinery strategicpatch.CreateTwoWayMergePatch with
 * SetElementOrder; patch/three-way.ts's diff, with the merge keys of patch/patch-strategies.ts),
 * and applying it to the live object as the API server does (patch/strategic-merge.ts).
 */
import { schemaOfKind } from "./patch/patch-strategies.js";
import { applyStrategicMergePatch } from "./patch/strategic-merge.js";
import { twoWayMergePatch as twoWay } from "./patch/three-way.js";

type Json = Record<string, unknown>;

/** CreateTwoWayMergePatch(original, modified): the fields to send, keys sorted as Go's json.Marshal sorts them. */
export function twoWayMergePatch(original: Json, modified: Json): Json {
  return twoWay(original, modified, schemaOfKind(String(modified.kind ?? original.kind ?? "")));
}

/** Applies a patch made by twoWayMergePatch to `live`. */
export function applyMergePatch(live: Json, patch: Json): Json {
  return applyStrategicMergePatch(live, patch, schemaOfKind(String(live.kind ?? "")));
}
