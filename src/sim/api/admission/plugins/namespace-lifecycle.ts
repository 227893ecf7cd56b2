/**
 * NamespaceLifecycle (plugin/pkg/admission/namespace/lifecycle): no new
 * objects in a namespace that does not exist or is being deleted.
 */
import { apiError } from "../../errors.js";
import { qualifiedResource } from "../../kinds.js";
import type { AdmissionPlugin } from "./plugin.js";

export const namespaceLifecycle = {
  name: "NamespaceLifecycle",
  admit: ({ operation, info, namespace, name, lookup }) => {
    if (operation !== "CREATE" || !info.namespaced || info.kind === "Namespace" || namespace === undefined) return undefined;
    const ns = lookup.find("Namespace", undefined, namespace);
    if (!ns) return apiError(404, "NotFound", `namespaces "${namespace}" not found`);
    if (ns.metadata.deletionTimestamp) {
      return apiError(
        403,
        "Forbidden",
        `${qualifiedResource(info)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
    return undefined;
  },
} satisfies AdmissionPlugin;
