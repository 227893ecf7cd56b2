/**
 * `-o name`: "kind.group/name", lower-case kind, group omitted for the core
 * group: pod/web, deployment.apps/web (cli-runtime printers/name.go).
 */

export interface NamedObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
}

/** The group of an apiVersion: "" for "v1", "apps" for "apps/v1". */
export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return "";
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

/** kind.group as kubectl names it in `-o name` and in `get all` NAME cells. */
export function resourceKindPrefix(obj: NamedObject): string {
  const kind = (obj.kind ?? "").toLowerCase();
  const group = groupOf(obj.apiVersion);
  return group ? `${kind}.${group}` : kind;
}

export function formatName(obj: NamedObject): string {
  return `${resourceKindPrefix(obj)}/${obj.metadata?.name ?? ""}`;
}

/** One "kind/name" line per object. */
export function printNames(objects: readonly NamedObject[]): string {
  return objects.map((o) => formatName(o) + "\n").join("");
}
