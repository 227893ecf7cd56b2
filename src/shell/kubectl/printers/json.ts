/**
 * `kubectl get -o json`: json.MarshalIndent(obj, "", "    ") plus a newline
 * (cli-runtime printers/json.go). Objects read from the API server are
 * unstructured maps, so Go writes their keys sorted; objects kubectl builds
 * itself (`create --dry-run=client`) are typed structs written in field order.
 */
import { marshalJSON } from "./gofmt.js";

export interface JSONPrintOptions {
  /**
   * "sorted" (default): keys sorted, as for anything read back from the
   * server. "asIs": keep the object's own key order, for objects built in
   * Go field order the way `kubectl create --dry-run=client` builds them.
   */
  keyOrder?: "sorted" | "asIs";
}

export function toJSON(value: unknown, options: JSONPrintOptions = {}): string {
  return marshalJSON(value, { indent: "    ", sortKeys: options.keyOrder !== "asIs" }) + "\n";
}
