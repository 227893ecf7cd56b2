/**
 * The accounts the catalog images' /etc/passwd and /etc/group hold, as far
 * as kadet knows them: root in every image, and the service user each
 * official Dockerfile creates (nginx 101, node 1000, redis/postgres/mongodb
 * 999). The base distributions' other system accounts (daemon, bin,
 * www-data, nobody, ...) are not modelled: an id in their range is
 * "unknown" to kadet rather than nameless, so `id` and `whoami` can say so
 * instead of printing a wrong name.
 */

export interface Account {
  name: string;
  uid: number;
  gid: number;
  /** The name of the account's primary group (the same as the user's in these images). */
  group: string;
}

const ROOT: Account = { name: "root", uid: 0, gid: 0, group: "root" };

/** Keyed by repository; from each image's Dockerfile (groupadd/useradd or addgroup/adduser lines). */
const SERVICE_ACCOUNTS: Readonly<Record<string, Account>> = {
  // nginxinc/docker-nginx debian: groupadd --system --gid 101 nginx; useradd --system --gid nginx ... --uid 101 nginx
  "docker.io/library/nginx": { name: "nginx", uid: 101, gid: 101, group: "nginx" },
  // docker-library/node: groupadd --gid 1000 node; useradd --uid 1000 --gid node ... node
  "docker.io/library/node": { name: "node", uid: 1000, gid: 1000, group: "node" },
  // docker-library/redis: groupadd -r -g 999 redis; useradd -r -g redis -u 999 redis
  "docker.io/library/redis": { name: "redis", uid: 999, gid: 999, group: "redis" },
  // docker-library/postgres: groupadd -r postgres --gid=999; useradd -r -g postgres --uid=999 ... postgres
  "docker.io/library/postgres": { name: "postgres", uid: 999, gid: 999, group: "postgres" },
  // docker-library/mongo: groupadd --gid 999 --system mongodb; useradd --uid 999 --system --gid mongodb ... mongodb
  "docker.io/library/mongo": { name: "mongodb", uid: 999, gid: 999, group: "mongodb" },
};

/** The image's account with this uid or name, if kadet knows it. */
export function imageAccount(repository: string | undefined, who: number | string): Account | undefined {
  const service = repository === undefined ? undefined : SERVICE_ACCOUNTS[repository];
  for (const account of [ROOT, ...(service ? [service] : [])]) if (account.uid === who || account.name === who) return account;
  return undefined;
}

/**
 * A user's or group's name as `id` prints it: the name, null when the image
 * has no such account, undefined when kadet cannot tell (the base system's
 * own range: 1-999 and 65534 nobody).
 */
export function accountName(repository: string | undefined, id: number, kind: "user" | "group"): string | null | undefined {
  const service = repository === undefined ? undefined : SERVICE_ACCOUNTS[repository];
  const account = [ROOT, ...(service ? [service] : [])].find((a) => (kind === "user" ? a.uid : a.gid) === id);
  if (account) return kind === "user" ? account.name : account.group;
  return (id >= 1 && id <= 999) || id === 65534 ? undefined : null;
}
