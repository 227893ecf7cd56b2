import { describe, expect, it, vi } from "vitest";
import { DockerDaemon } from "../../sim/docker/daemon.js";
import { dockerSession } from "./testing.js";

// The first session of a file loads the shell interpreter; on a loaded machine that alone can pass 5 s.
vi.setConfig({ testTimeout: 30_000 });

async function run(s: ReturnType<typeof dockerSession>, line: string) {
  const r = await s.run(line);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

describe("docker run and ps on the virtual clock", () => {
  it("ps shows the real columns: quoted, cut COMMAND, CREATED and Up ages, both port bindings, the name", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name web -p 8080:80 nginx");
    await run(s, "sleep 5");
    const ps = await run(s, "docker ps");
    const [header, row] = ps.stdout.split("\n") as [string, string];
    expect(header).toMatch(/^CONTAINER ID {3}IMAGE {5}COMMAND {18}CREATED {9}STATUS {9}PORTS {37}NAMES$/);
    // formatter.Ellipsis(command, 20) then strconv.Quote; Engine 27 publishes on IPv4 and IPv6.
    expect(row).toMatch(/^[0-9a-f]{12} {3}nginx {5}"\/docker-entrypoint\.…" {3}5 seconds ago {3}Up 5 seconds {3}0\.0\.0\.0:8080->80\/tcp, \[::\]:8080->80\/tcp {3}web$/);
  });

  it("an attached run returns the process's exit code after its run time; ps -a shows Exited (N) ... ago", async () => {
    const s = dockerSession();
    await run(s, "docker pull busybox");
    const r = await run(s, "docker run --name job busybox sh -c 'sleep 3; echo done; exit 3'");
    expect([r.stdout, r.exitCode]).toEqual(["done\n", 3]);
    await run(s, "sleep 2");
    expect((await run(s, "docker ps -a --format '{{.Names}} {{.Status}}'")).stdout).toBe("job Exited (3) 2 seconds ago\n");
    expect((await run(s, "docker ps -q")).stdout).toBe("");
  });

  it("--rm removes the container when it exits; unnamed containers get adjective_surname names", async () => {
    const s = dockerSession();
    await run(s, "docker run --rm busybox echo hi");
    expect((await run(s, "docker ps -aq")).stdout).toBe("");
    await run(s, "docker run busybox true");
    expect((await run(s, "docker ps -a --format '{{.Names}}'")).stdout).toMatch(/^[a-z]+_[a-z]+\n$/);
  });

  it("a name in use: the daemon's Conflict message with the holder's full ID, exit 125", async () => {
    const s = dockerSession();
    const id = (await run(s, "docker run -d --name web nginx")).stdout.trim();
    const r = await run(s, "docker run --name web nginx");
    expect([r.stderr, r.exitCode]).toEqual([
      `docker: Error response from daemon: Conflict. The container name "/web" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.\n\nRun 'docker run --help' for more information\n`,
      125,
    ]);
  });

  // cli/command/container/prune.go (prompt, "Deleted Containers:", "Total reclaimed space:") and moby
  // daemon/prune.go ContainersPrune (every container not running; the writable layers' size reclaimed).
  it("container prune asks first, then removes every stopped container and leaves the running ones", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name up nginx");
    await run(s, "docker run --name done1 busybox echo hi");
    const doneId = (await run(s, "docker inspect -f '{{.Id}}' done1")).stdout.trim();
    const prompt = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ";
    expect(await run(s, "docker container prune")).toEqual({ stdout: prompt, stderr: "", exitCode: 0 });
    expect((await run(s, "docker ps -a --format '{{.Names}}'")).stdout).toBe("done1\nup\n");
    expect(await run(s, "echo y | docker container prune")).toEqual({ stdout: `${prompt}Deleted Containers:\n${doneId}\n\nTotal reclaimed space: 0B\n`, stderr: "", exitCode: 0 });
    expect((await run(s, "docker ps -a --format '{{.Names}}'")).stdout).toBe("up\n");
    expect(await run(s, "docker container prune -f")).toEqual({ stdout: "Total reclaimed space: 0B\n", stderr: "", exitCode: 0 });
    expect((await run(s, "docker container prune --filter until=1h -f")).stderr).toBe("kadet: 'docker container prune --filter' is not simulated yet\n");
  });

  it("rm of a running container is refused until stopped or forced", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name web nginx");
    expect(await run(s, "docker rm web")).toEqual({ stdout: "", stderr: 'Error response from daemon: cannot remove container "/web": container is running: stop the container before removing or force remove\n', exitCode: 1 });
    expect(await run(s, "docker rm -f web")).toEqual({ stdout: "web\n", stderr: "", exitCode: 0 });
    expect(await run(s, "docker logs web")).toEqual({ stdout: "", stderr: "Error response from daemon: No such container: web\n", exitCode: 1 });
  });

  it("docker pull: an unknown tag is the registry's manifest error; an unknown repository is pull access denied", async () => {
    const s = dockerSession();
    expect(await run(s, "docker pull nginx:nope")).toEqual({ stdout: "", stderr: "Error response from daemon: manifest for nginx:nope not found: manifest unknown: manifest unknown\n", exitCode: 1 });
    const r = await run(s, "docker run nosuchimage-kadet");
    expect(r.stderr).toContain("docker: Error response from daemon: pull access denied for nosuchimage-kadet, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n");
    expect(r.exitCode).toBe(125);
  });
});

describe("stop, kill, start, restart policies", () => {
  // https://docs.docker.com/reference/cli/docker/container/stop/: SIGTERM (or the image's STOPSIGNAL),
  // SIGKILL after the timeout (10 s by default).
  it("stop: nginx handles its STOPSIGNAL SIGQUIT and exits 0 at once; sleep as PID 1 is killed after 10 s (137)", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name web nginx");
    await run(s, "docker run -d --name nap busybox sleep 1000");
    const before = s.environment.now();
    await run(s, "docker stop web");
    expect(s.environment.now() - before).toBe(0);
    await run(s, "docker stop nap");
    expect(s.environment.now() - before).toBe(10_000);
    expect((await run(s, "docker inspect -f '{{.State.ExitCode}}' web nap")).stdout).toBe("0\n137\n");
  });

  it("kill sends SIGKILL; start runs it again and logs keep both runs", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name web nginx");
    await run(s, "docker kill web");
    expect((await run(s, "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' web")).stdout).toBe("exited 137\n");
    await run(s, "docker start web");
    const lines = (await run(s, "docker logs web")).stdout.split("\n").filter((l) => l.includes("Configuration complete"));
    expect(lines).toHaveLength(2);
  });

  // https://docs.docker.com/engine/containers/start-containers-automatically/: on-failure[:max-retries],
  // "an ever increasing delay (double the previous delay, starting at 100 milliseconds)".
  it("--restart on-failure:2 restarts a failing process twice, then leaves it exited", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name bad --restart on-failure:2 busybox sh -c 'exit 1'");
    await run(s, "sleep 5");
    expect((await run(s, "docker inspect -f '{{.RestartCount}} {{.State.Status}}' bad")).stdout).toBe("2 exited\n");
  });

  it("--restart always keeps restarting, but not after docker stop", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name loop --restart always busybox sh -c 'exit 1'");
    await run(s, "sleep 2");
    const count = Number((await run(s, "docker inspect -f '{{.RestartCount}}' loop")).stdout);
    expect(count).toBeGreaterThan(2);
    await run(s, "docker stop loop");
    await run(s, "sleep 60");
    expect((await run(s, "docker inspect -f '{{.State.Status}}' loop")).stdout).toBe("exited\n");
  });

  it("--memory below the process's need: OOMKilled, exit 137", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name small -m 7m postgres");
    expect((await run(s, "docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' small")).stdout).toBe("true 137\n");
  });
});

describe("commands resolve through sim/runtime/command.ts", () => {
  it("args replace CMD and keep ENTRYPOINT; --entrypoint replaces ENTRYPOINT and clears CMD", async () => {
    const s = dockerSession();
    await run(s, "docker run --name aa nginx echo hi");
    await run(s, "docker run --name bb --entrypoint sh nginx -c 'echo $NGINX_VERSION'");
    expect((await run(s, "docker inspect -f '{{.Path}} {{json .Args}}' aa bb")).stdout).toBe('/docker-entrypoint.sh ["echo","hi"]\nsh ["-c","echo $NGINX_VERSION"]\n');
    // nginx's docker-entrypoint.sh execs a command that is not nginx; sh expands the image's ENV.
    expect((await run(s, "docker logs aa")).stdout).toBe("hi\n");
    expect((await run(s, "docker logs bb")).stdout).toMatch(/^1\.\d+\.\d+\n$/);
  });

  it("a locally built image runs its own CMD (a file the build wrote)", async () => {
    const s = dockerSession({ Dockerfile: 'FROM alpine:3.21\nRUN echo hello > /greeting\nCMD ["cat", "/greeting"]\n' });
    await run(s, "docker build -q -t app:1 .");
    expect(await run(s, "docker run --rm app:1")).toEqual({ stdout: "hello\n", stderr: "", exitCode: 0 });
  });

  it("a relative path in the command resolves against the working directory (Dockerfile reference, WORKDIR)", async () => {
    const s = dockerSession({ Dockerfile: 'FROM busybox:1.37\nWORKDIR /app\nCOPY motd.txt .\nCMD ["cat", "motd.txt"]\n', "motd.txt": "hello\n" });
    await run(s, "docker build -q -t motd:1 .");
    expect(await run(s, "docker run --rm motd:1")).toEqual({ stdout: "hello\n", stderr: "", exitCode: 0 });
    expect((await run(s, "docker run --rm -w / motd:1")).exitCode).toBe(1);
  });

  it("whoami and id tell the user the process runs as: the image's USER, overridden by -u (docs: docker run --user)", async () => {
    const s = dockerSession({ Dockerfile: "FROM alpine:3.21\nRUN adduser -D app\nUSER app\n" });
    await run(s, "docker build -q -t app:1 .");
    expect(await run(s, "docker run --rm app:1 whoami")).toEqual({ stdout: "app\n", stderr: "", exitCode: 0 });
    expect(await run(s, "docker run --rm -u root app:1 whoami")).toEqual({ stdout: "root\n", stderr: "", exitCode: 0 });
    expect(await run(s, "docker run --rm alpine:3.21 id")).toMatchObject({ stdout: "uid=0(root) gid=0(root) groups=0(root)\n", exitCode: 0 });
  });

  it("a missing program: the OCI runtime's error, exit 127, the container left created", async () => {
    const s = dockerSession();
    await run(s, "docker pull busybox");
    const r = await run(s, "docker run --name xx busybox nope");
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toContain('exec: "nope": executable file not found in $PATH: unknown');
    expect((await run(s, "docker ps -a --format '{{.Status}}'")).stdout).toBe("Created\n");
  });
});

describe("container names", () => {
  // moby daemon/names: validContainerNamePattern = ^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$ (two characters at least).
  it("a name the daemon's pattern refuses", async () => {
    const s = dockerSession();
    await run(s, "docker pull busybox");
    expect((await run(s, "docker run --name a busybox true")).stderr).toBe("docker: Error response from daemon: Invalid container name (a), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n\nRun 'docker run --help' for more information\n");
  });
});

describe("exec and interactive terminals", () => {
  it("exec answers env and cat from the container; other commands and -it shells say they are not simulated", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name web -e GREETING=hi nginx");
    const env = (await run(s, "docker exec web env")).stdout;
    expect(env).toContain("GREETING=hi\n");
    expect(env).toMatch(/^PATH=.*\nHOSTNAME=[0-9a-f]{12}\n/);
    expect((await run(s, "docker exec -it web sh")).stderr).toMatch(/^kadet: an interactive shell inside a container .* is not simulated yet/);
    expect((await run(s, "docker exec web ps aux")).stderr).toMatch(/^kadet: 'docker exec web ps aux' is not simulated yet/);
    expect((await run(s, "docker run -it busybox")).stderr).toMatch(/\nkadet: an interactive terminal inside a container .* is not simulated yet/);
  });
});

describe("snapshot", () => {
  it("containers survive the daemon's JSON snapshot: a restored daemon shows the same ps and keeps the clock's effects", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name web -p 8080:80 nginx");
    await run(s, "docker run -d --name nap busybox sleep 30");
    const json = JSON.parse(JSON.stringify(s.docker.snapshot()));
    const before = (await run(s, "docker ps -a")).stdout;
    const restored = new DockerDaemon(() => s.environment.now());
    restored.load(json);
    s.docker.load(restored.snapshot());
    expect((await run(s, "docker ps -a")).stdout).toBe(before);
    await run(s, "sleep 31");
    expect((await run(s, "docker ps -a --format '{{.Names}} {{.State}}'")).stdout).toBe("nap exited\nweb running\n");
  });
});

describe("servers that need configuration", () => {
  // docker-library/postgres docker-entrypoint.sh refuses to initialise without POSTGRES_PASSWORD.
  it("postgres without POSTGRES_PASSWORD exits 1 with the entrypoint's error; with it, it serves", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name bare postgres");
    await run(s, "docker run -d --name db -e POSTGRES_PASSWORD=secret postgres");
    await run(s, "sleep 5");
    expect((await run(s, "docker ps -a --format '{{.Names}} {{.State}}'")).stdout).toBe("db running\nbare exited\n");
    expect((await run(s, "docker logs bare")).stdout).toContain("You must specify POSTGRES_PASSWORD to a non-empty value");
    expect((await run(s, "docker logs db")).stdout).toContain("database system is ready to accept connections");
  });
});
