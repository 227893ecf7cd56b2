import { describe, expect, it } from "vitest";
import { dockerSession } from "./testing.js";
import type { Session } from "../session.js";

async function run(s: Session, line: string) {
  const r = await s.run(line);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

async function runAll(s: Session, lines: string[]) {
  for (const line of lines) await s.run(line);
}

describe("docker volume (docs.docker.com/reference/cli/docker/volume/)", () => {
  it("create prints the name; ls lists DRIVER and VOLUME NAME sorted by name; inspect is the API's Volume object in its field order", async () => {
    const s = dockerSession();
    expect(await run(s, "docker volume create data")).toEqual({ stdout: "data\n", stderr: "", exitCode: 0 });
    await run(s, "docker volume create cache");
    expect((await run(s, "docker volume ls")).stdout).toBe("DRIVER    VOLUME NAME\nlocal     cache\nlocal     data\n");
    expect((await run(s, "docker volume ls -q")).stdout).toBe("cache\ndata\n");
    const inspected = JSON.parse((await run(s, "docker volume inspect data")).stdout) as Record<string, unknown>[];
    // The docs' example: CreatedAt, Driver, Labels {}, Mountpoint, Name, Options {}, Scope.
    expect(Object.keys(inspected[0]!)).toEqual(["CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"]);
    expect(inspected[0]).toMatchObject({ Driver: "local", Labels: {}, Mountpoint: "/var/lib/docker/volumes/data/_data", Name: "data", Options: {}, Scope: "local" });
    expect(inspected[0]!.CreatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await run(s, "docker volume inspect -f '{{.Mountpoint}}' data")).stdout).toBe("/var/lib/docker/volumes/data/_data\n");
  });

  it("a missing volume is the daemon's 'no such volume'", async () => {
    const s = dockerSession();
    expect(await run(s, "docker volume inspect nope")).toEqual({ stdout: "[]\n", stderr: "Error response from daemon: get nope: no such volume\n", exitCode: 1 });
    expect(await run(s, "docker volume rm nope")).toEqual({ stdout: "", stderr: "Error response from daemon: get nope: no such volume\n", exitCode: 1 });
  });

  it("rm of a volume a container uses, even a stopped one, is refused with the container's ID (moby volume service)", async () => {
    const s = dockerSession();
    const id = (await run(s, "docker run -q --name worker -v data:/data busybox true")).stdout;
    expect(id).toBe("");
    const full = (await run(s, "docker inspect -f '{{.Id}}' worker")).stdout.trim();
    expect(await run(s, "docker volume rm data")).toEqual({ stdout: "", stderr: `Error response from daemon: remove data: volume is in use - [${full}]\n`, exitCode: 1 });
    await run(s, "docker rm worker");
    expect(await run(s, "docker volume rm data")).toEqual({ stdout: "data\n", stderr: "", exitCode: 0 });
  });

  it("a named volume outlives its container: data written by one container is read by the next (docs: volumes persist)", async () => {
    const s = dockerSession();
    await run(s, "docker run --rm -v data:/data busybox sh -c 'echo hello > /data/greeting'");
    expect(await run(s, "docker run --rm -v data:/data busybox cat /data/greeting")).toEqual({ stdout: "hello\n", stderr: "", exitCode: 0 });
    expect((await run(s, "docker volume ls -q")).stdout).toBe("data\n");
  });

  it("the container's own layer dies with it: without a volume the file is gone in the next container", async () => {
    const s = dockerSession();
    await run(s, "docker run --name one busybox sh -c 'echo hello > /tmp/greeting'");
    expect((await run(s, "docker diff one")).stdout).toBe("C /tmp\nA /tmp/greeting\n");
    const next = await run(s, "docker run --rm busybox cat /tmp/greeting");
    expect([next.stderr, next.exitCode]).toEqual(["cat: can't open '/tmp/greeting': No such file or directory\n", 1]);
  });

  it("anonymous volumes (-v /path, an image's VOLUME) go with --rm and rm -v; named ones stay (docker rm --help: -v removes anonymous volumes)", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name keep -v /cache -v named:/named busybox sleep 100");
    expect((await run(s, "docker volume ls -q")).stdout.split("\n").filter(Boolean)).toHaveLength(2);
    await run(s, "docker rm -f keep");
    expect((await run(s, "docker volume ls -q")).stdout.split("\n").filter(Boolean)).toHaveLength(2);
    await run(s, "docker run -d --name gone -v /cache busybox sleep 100");
    await run(s, "docker rm -fv gone");
    expect((await run(s, "docker volume ls -q")).stdout.split("\n").filter(Boolean)).toHaveLength(2);
    await run(s, "docker run --rm -v /scratch busybox true");
    expect((await run(s, "docker volume ls -q")).stdout.split("\n").filter(Boolean)).toHaveLength(2);
    // redis's Dockerfile declares VOLUME /data: an anonymous volume, labelled as such.
    await run(s, "docker run -d --name rds redis");
    const mounts = JSON.parse((await run(s, "docker inspect -f '{{json .Mounts}}' rds")).stdout) as { Type: string; Name: string; Destination: string }[];
    expect(mounts).toHaveLength(1);
    expect(mounts[0]).toMatchObject({ Type: "volume", Destination: "/data" });
    const labels = (await run(s, `docker volume inspect -f '{{json .Labels}}' ${mounts[0]!.Name}`)).stdout;
    expect(labels).toBe('{"com.docker.volume.anonymous":""}\n');
  });

  it("prune asks first, and without --all removes only unused anonymous volumes (Engine 23+)", async () => {
    const s = dockerSession();
    await run(s, "docker volume create named");
    await run(s, "docker run --name anonc -v /anon busybox true");
    await run(s, "docker rm anonc");
    const asked = await run(s, "docker volume prune");
    expect(asked.stdout).toBe("WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ");
    expect((await run(s, "docker volume ls -q")).stdout.split("\n").filter(Boolean)).toHaveLength(2);
    const pruned = await run(s, "docker volume prune -f");
    expect(pruned.stdout).toMatch(/^Deleted Volumes:\n[0-9a-f]{64}\n\nTotal reclaimed space: 0B\n$/);
    expect((await run(s, "docker volume ls -q")).stdout).toBe("named\n");
    expect((await run(s, "docker volume prune -af")).stdout).toBe("Deleted Volumes:\nnamed\n\nTotal reclaimed space: 0B\n");
  });

  it("an empty volume is filled with what the image holds at its mount point; a bind mount hides it instead (docs: populate a volume)", async () => {
    const s = dockerSession({ "site/index.html": "<h1>mine</h1>\n" });
    await run(s, "docker run -d --name web -v html:/usr/share/nginx/html nginx");
    expect((await run(s, "docker run --rm -v html:/h busybox ls /h")).stdout).toBe("index.html\n");
    await run(s, 'docker run -d --name mine -v "$PWD"/site:/usr/share/nginx/html nginx');
    expect((await run(s, "docker exec mine cat /usr/share/nginx/html/index.html")).stdout).toBe("<h1>mine</h1>\n");
  });
});

describe("mounts: -v, --mount, :ro, tmpfs, --read-only (docs.docker.com/engine/storage/)", () => {
  it(":ro refuses writes with EROFS in the tool's own words; the volume keeps what it had", async () => {
    const s = dockerSession();
    await run(s, "docker run --rm -v data:/data busybox sh -c 'echo one > /data/f'");
    await run(s, "docker run -d --name ro -v data:/data:ro busybox sleep 1000");
    expect(await run(s, "docker exec ro sh -c 'echo two > /data/f'")).toEqual({ stdout: "", stderr: "sh: can't create /data/f: Read-only file system\n", exitCode: 1 });
    expect((await run(s, "docker exec ro touch /data/g")).stderr).toBe("touch: /data/g: Read-only file system\n");
    expect((await run(s, "docker exec ro cat /data/f")).stdout).toBe("one\n");
    const mounts = JSON.parse((await run(s, "docker inspect -f '{{json .Mounts}}' ro")).stdout) as unknown[];
    expect(mounts).toEqual([{ Type: "volume", Name: "data", Source: "/var/lib/docker/volumes/data/_data", Destination: "/data", Driver: "local", Mode: "ro", RW: false, Propagation: "" }]);
  });

  it("a bind mount shows the learner's folder and writes go back to it; inspect shows it as type bind, rprivate", async () => {
    const s = dockerSession({ "app/config.txt": "v1\n" });
    await run(s, 'docker run -d --name binder --mount type=bind,source="$PWD"/app,target=/app busybox sleep 1000');
    expect((await run(s, "docker exec binder cat /app/config.txt")).stdout).toBe("v1\n");
    await run(s, "docker exec binder sh -c 'echo from-container > /app/out.txt'");
    expect((await run(s, "cat app/out.txt")).stdout).toBe("from-container\n");
    const mount = (JSON.parse((await run(s, "docker inspect -f '{{json .Mounts}}' binder")).stdout) as Record<string, unknown>[])[0]!;
    expect(mount).toMatchObject({ Type: "bind", Destination: "/app", Mode: "", RW: true, Propagation: "rprivate" });
    expect(String(mount.Source)).toMatch(/\/app$/);
    // `docker volume ls` does not list bind mounts: Docker does not manage them.
    expect((await run(s, "docker volume ls -q")).stdout).toBe("");
  });

  it("--mount type=bind needs the source to exist (-v would create it)", async () => {
    const s = dockerSession();
    const r = await run(s, "docker run --rm --mount type=bind,source=/nowhere,target=/x busybox true");
    expect(r.stderr).toContain('docker: Error response from daemon: invalid mount config for type "bind": bind source path does not exist: /nowhere');
    expect(r.exitCode).toBe(125);
  });

  it("-v PATH:ro (the mode without a target) is an invalid specification (moby linux_parser.go)", async () => {
    const s = dockerSession();
    const r = await run(s, "docker run --rm -v /app:ro busybox true");
    expect([r.stderr.split("\n").slice(-4)[0], r.exitCode]).toEqual(["docker: Error response from daemon: invalid volume specification: '/app:ro'", 125]);
  });

  it("-v with a relative container path is the daemon's invalid volume specification", async () => {
    const s = dockerSession();
    const r = await run(s, "docker run --rm -v data:data busybox true");
    expect(r.stderr).toContain(`docker: Error response from daemon: invalid volume specification: 'data:data': invalid mount config for type "volume": invalid mount path: 'data' mount path must be absolute`);
  });

  it("--read-only makes the root file system refuse writes while a tmpfs stays writable", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name ronly --read-only --tmpfs /tmp busybox sleep 1000");
    expect((await run(s, "docker exec ronly touch /etc/x")).stderr).toBe("touch: /etc/x: Read-only file system\n");
    expect((await run(s, "docker exec ronly sh -c 'echo ok > /tmp/x && cat /tmp/x'")).stdout).toBe("ok\n");
    expect((await run(s, "docker diff ronly")).stdout).toBe("");
  });
});

describe("docker diff and docker cp (docs: docker container diff, docker container cp)", () => {
  it("diff lists A/C/D sorted by path, with C for the folders above a change, and never what lies on a mount", async () => {
    const s = dockerSession({ "Dockerfile": "FROM busybox\nRUN mkdir -p /app && echo v1 > /app/conf\nCMD [\"sleep\", \"1000\"]\n" });
    await run(s, "docker build -q -t app .");
    await run(s, "docker run -d --name box -v data:/data app");
    await run(s, "docker exec box sh -c 'rm /app/conf; mkdir /app/new; echo x > /data/file; echo y > /tmp/y'");
    expect((await run(s, "docker diff box")).stdout).toBe("C /app\nD /app/conf\nA /app/new\nC /tmp\nA /tmp/y\n");
  });

  it("cp copies a file out of a container and one into it, visible to exec and to diff", async () => {
    const s = dockerSession({ "local.txt": "from host\n" });
    await run(s, "docker run -d --name box busybox sleep 1000");
    expect(await run(s, "docker cp local.txt box:/tmp/")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect((await run(s, "docker exec box cat /tmp/local.txt")).stdout).toBe("from host\n");
    expect((await run(s, "docker diff box")).stdout).toBe("C /tmp\nA /tmp/local.txt\n");
    await run(s, "docker exec box sh -c 'echo made inside > /tmp/made'");
    await run(s, "docker cp box:/tmp/made ./made.txt");
    expect((await run(s, "cat made.txt")).stdout).toBe("made inside\n");
    expect(await run(s, "docker cp box:/tmp/nope .")).toEqual({ stdout: "", stderr: "Error response from daemon: Could not find the file /tmp/nope in container box\n", exitCode: 1 });
  });

  it("cp into a read-only root file system is refused (moby daemon/archive.go)", async () => {
    const s = dockerSession({ "f.txt": "x\n" });
    await run(s, "docker run -d --name ronly --read-only busybox sleep 1000");
    expect((await run(s, "docker cp f.txt ronly:/tmp/f.txt")).stderr).toBe("Error response from daemon: container rootfs is marked read-only\n");
  });
});

describe("what the kernel shows a container (namespaces and cgroups)", () => {
  it("its hostname is its short ID (UTS namespace); memory.max is its cgroup v2 limit, max without -m", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name capped -m 32m busybox sleep 3600");
    await run(s, "docker run -d --name free busybox sleep 3600");
    const id = (await run(s, "docker inspect -f '{{.Id}}' capped")).stdout.trim();
    expect((await run(s, "docker exec capped hostname")).stdout).toBe(`${id.slice(0, 12)}\n`);
    expect((await run(s, "docker exec capped cat /etc/hostname")).stdout).toBe(`${id.slice(0, 12)}\n`);
    expect((await run(s, "docker exec capped cat /sys/fs/cgroup/memory.max")).stdout).toBe("33554432\n");
    expect((await run(s, "docker exec free cat /sys/fs/cgroup/memory.max")).stdout).toBe("max\n");
  });
});
