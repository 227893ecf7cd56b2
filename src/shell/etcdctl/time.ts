/** zap's ISO8601 timestamps as etcd 3.5 logs them: UTC with microseconds ("2025-09-15T08:35:18.813919Z"). */
export function toRfc3339Micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** etcdutl's console encoder: "2025-04-24T09:38:07Z" (seconds, UTC). */
export function toRfc3339Seconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
