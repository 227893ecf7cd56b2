/**
 * The config the catalog's images carry (`docker image inspect` .Config): Env,
 * Cmd, Entrypoint, WorkingDir, ExposedPorts, Volumes, User, StopSignal, taken
 * from the official images' Dockerfiles (docker-library/* and
 * nginxinc/docker-nginx). The version variable (NGINX_VERSION, REDIS_VERSION,
 * ...) is the pulled tag's own version; build-only variables (checksums, GPG
 * keys, download URLs) are left out: nothing in a container reads them.
 */
import { imageVersion } from "./tags.js";

export const DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface CatalogImageConfig {
  Env: string[];
  Cmd: string[] | null;
  Entrypoint: string[] | null;
  WorkingDir: string;
  User: string;
  ExposedPorts: string[];
  Volumes: string[];
  StopSignal?: string;
}

interface Profile {
  /** Env before the version variable, as the Dockerfile sets it. */
  env?: (version: string | undefined) => string[];
  /** The variable the Dockerfile names its version with. */
  versionVariable?: string;
  workingDir?: string;
  exposedPorts?: string[];
  volumes?: (version: string | undefined) => string[];
  stopSignal?: string;
}

const major = (version: string | undefined) => version?.replace(/^v/, "").split(".")[0];

/** Keyed by repository; Entrypoint and Cmd live beside each image's process in images.ts. */
const PROFILES: Readonly<Record<string, Profile>> = {
  // nginxinc/docker-nginx mainline/debian/Dockerfile: EXPOSE 80, STOPSIGNAL SIGQUIT.
  "docker.io/library/nginx": { versionVariable: "NGINX_VERSION", exposedPorts: ["80/tcp"], stopSignal: "SIGQUIT" },
  // docker-library/httpd: ENV HTTPD_PREFIX, PATH $HTTPD_PREFIX/bin:$PATH, WORKDIR $HTTPD_PREFIX, STOPSIGNAL SIGWINCH (graceful stop), EXPOSE 80.
  "docker.io/library/httpd": {
    env: () => ["PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HTTPD_PREFIX=/usr/local/apache2"],
    versionVariable: "HTTPD_VERSION",
    workingDir: "/usr/local/apache2",
    exposedPorts: ["80/tcp"],
    stopSignal: "SIGWINCH",
  },
  // docker-library/redis: VOLUME /data, WORKDIR /data, EXPOSE 6379.
  "docker.io/library/redis": { versionVariable: "REDIS_VERSION", workingDir: "/data", exposedPorts: ["6379/tcp"], volumes: () => ["/data"] },
  // docker-library/postgres: PATH with /usr/lib/postgresql/$PG_MAJOR/bin, LANG en_US.utf8, STOPSIGNAL SIGINT,
  // EXPOSE 5432; from 18 on PGDATA is /var/lib/postgresql/18/docker and the VOLUME /var/lib/postgresql
  // (docker-library/postgres#1259), before it /var/lib/postgresql/data.
  "docker.io/library/postgres": {
    env: (v) => {
      const m = major(v) ?? "18";
      const pgdata = Number(m) >= 18 ? `/var/lib/postgresql/${m}/docker` : "/var/lib/postgresql/data";
      return [`${DEFAULT_PATH}:/usr/lib/postgresql/${m}/bin`, "LANG=en_US.utf8", `PG_MAJOR=${m}`, `PGDATA=${pgdata}`];
    },
    exposedPorts: ["5432/tcp"],
    volumes: (v) => [Number(major(v) ?? "18") >= 18 ? "/var/lib/postgresql" : "/var/lib/postgresql/data"],
    stopSignal: "SIGINT",
  },
  // docker-library/mongo: ENV HOME /data/db, VOLUME /data/db /data/configdb, EXPOSE 27017.
  "docker.io/library/mongo": { env: () => [DEFAULT_PATH, "HOME=/data/db"], versionVariable: "MONGO_VERSION", exposedPorts: ["27017/tcp"], volumes: () => ["/data/db", "/data/configdb"] },
  // docker-library/node: ENV NODE_VERSION, YARN_VERSION.
  "docker.io/library/node": { env: () => [DEFAULT_PATH], versionVariable: "NODE_VERSION" },
  // docker-library/python: ENV PATH /usr/local/bin:$PATH, LANG C.UTF-8, PYTHON_VERSION.
  "docker.io/library/python": { env: () => ["PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"], versionVariable: "PYTHON_VERSION" },
};

/** The config of a catalog image at one tag, given its ENTRYPOINT and CMD. */
export function catalogImageConfig(repository: string, tag: string, entrypoint: readonly string[], cmd: readonly string[]): CatalogImageConfig {
  const profile = PROFILES[repository] ?? {};
  const version = imageVersion(repository, tag);
  const env = profile.env?.(version) ?? [DEFAULT_PATH];
  if (profile.versionVariable && version) env.push(`${profile.versionVariable}=${version.replace(/^v/, "")}`);
  const config: CatalogImageConfig = {
    Env: env,
    Cmd: cmd.length ? [...cmd] : null,
    Entrypoint: entrypoint.length ? [...entrypoint] : null,
    WorkingDir: profile.workingDir ?? "",
    User: "",
    ExposedPorts: profile.exposedPorts ?? [],
    Volumes: profile.volumes?.(version) ?? [],
  };
  if (profile.stopSignal) config.StopSignal = profile.stopSignal;
  return config;
}
