import { describe, expect, it } from "vitest";
import { catalogImageConfig } from "./image-config.js";
import { IMAGES } from "./images.js";
import { imageVersion } from "./tags.js";

const configOf = (repository: string, tag: string) => {
  const info = IMAGES.find((i) => i.repository === repository)!;
  return catalogImageConfig(repository, tag, info.entrypoint, info.cmd);
};

describe("catalog images carry their official Dockerfiles' config", () => {
  it("nginx (nginxinc/docker-nginx mainline/debian/Dockerfile): ENTRYPOINT /docker-entrypoint.sh, CMD nginx -g 'daemon off;', EXPOSE 80, STOPSIGNAL SIGQUIT", () => {
    const c = configOf("docker.io/library/nginx", "1.27");
    expect([c.Entrypoint, c.Cmd, c.ExposedPorts, c.StopSignal]).toEqual([["/docker-entrypoint.sh"], ["nginx", "-g", "daemon off;"], ["80/tcp"], "SIGQUIT"]);
  });
  it("the version variable is the pulled tag's own version (nginx:1.27 is not nginx:latest)", () => {
    const version = imageVersion("docker.io/library/nginx", "1.27");
    expect(version).toMatch(/^1\.27\.\d+$/);
    expect(configOf("docker.io/library/nginx", "1.27").Env).toContain(`NGINX_VERSION=${version}`);
    expect(configOf("docker.io/library/nginx", "latest").Env).not.toContain(`NGINX_VERSION=${version}`);
  });
  it("busybox runs sh, alpine /bin/sh, ubuntu /bin/bash, python python3, with no entrypoint", () => {
    const cmds = ["busybox", "alpine", "ubuntu", "python"].map((n) => configOf(`docker.io/library/${n}`, "latest")).map((c) => [c.Entrypoint, c.Cmd]);
    expect(cmds).toEqual([[null, ["sh"]], [null, ["/bin/sh"]], [null, ["/bin/bash"]], [null, ["python3"]]]);
  });
  it("redis (docker-library/redis): docker-entrypoint.sh redis-server, WORKDIR /data, VOLUME /data, EXPOSE 6379", () => {
    const c = configOf("docker.io/library/redis", "latest");
    expect([c.Entrypoint, c.Cmd, c.WorkingDir, c.Volumes, c.ExposedPorts]).toEqual([["docker-entrypoint.sh"], ["redis-server"], "/data", ["/data"], ["6379/tcp"]]);
  });
  it("postgres: PGDATA moved to /var/lib/postgresql/MAJOR/docker in 18 (docker-library/postgres#1259); 16 keeps /var/lib/postgresql/data", () => {
    expect(configOf("docker.io/library/postgres", "18").Env).toContain("PGDATA=/var/lib/postgresql/18/docker");
    expect(configOf("docker.io/library/postgres", "16").Env).toContain("PGDATA=/var/lib/postgresql/data");
    expect(configOf("docker.io/library/postgres", "16").StopSignal).toBe("SIGINT");
  });
  it("httpd: WORKDIR /usr/local/apache2, STOPSIGNAL SIGWINCH, its bin first in PATH", () => {
    const c = configOf("docker.io/library/httpd", "2.4");
    expect([c.WorkingDir, c.StopSignal, c.Env[0]]).toEqual(["/usr/local/apache2", "SIGWINCH", "PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);
  });
});
