import { describe, expect, it } from "vitest";
import { DOCKER_HELP } from "./help-texts.js";
import { isSimulated } from "./index.js";
import { dockerSession, RECORDED, withoutLegacyBanner } from "./testing.js";

/** Runs a recorded argv with the daemon off when the recording was made without one. */
async function replay(args: string[], daemonOff: boolean) {
  const s = dockerSession();
  if (daemonOff) await s.run("sim docker off");
  const quoted = args.map((a) => `'${a}'`).join(" ");
  return s.run(`docker ${quoted}`);
}

describe("docker answers as the recorded client does (testdata/cases.json, Docker CLI 28.2.2, no daemon)", () => {
  // Unknown commands are answered by the family itself; the others once their command exists.
  const replayable = RECORDED.filter((c) => isSimulated(c.args) || /unknown command/.test(c.stderr));
  it("every recorded case is replayed once its command is simulated", () => {
    expect(replayable.length).toBeGreaterThan(0);
  });
  it.each(replayable.map((c) => [c.args.join(" "), c] as const))("docker %s", async (_name, recorded) => {
    const daemonOff = /Cannot connect to the Docker daemon/.test(recorded.stderr);
    const got = await replay(recorded.args, daemonOff);
    expect({ stdout: got.stdout, stderr: got.stderr, exitCode: got.exitCode }).toEqual({
      stdout: recorded.stdout,
      stderr: withoutLegacyBanner(recorded.stderr),
      exitCode: recorded.exitCode,
    });
  });

  it("prints the recorded help texts", async () => {
    const s = dockerSession();
    expect((await s.run("docker --help")).stdout).toBe(DOCKER_HELP["docker"]);
    expect((await s.run("docker images --help")).stdout).toBe(DOCKER_HELP["images"]);
    expect((await s.run("docker image ls --help")).stdout).toBe(DOCKER_HELP["image-ls"]);
    expect((await s.run("docker help image ls")).stdout).toBe(DOCKER_HELP["image-ls"]);
    expect((await s.run("docker image")).stdout).toBe(DOCKER_HELP["image"]);
  });
});

describe("sim docker on|off", () => {
  it("a stopped daemon answers as an absent one; started again, its images are still there", async () => {
    const s = dockerSession();
    expect((await s.run("sim docker off")).stdout).toBe("the Docker daemon is stopped\n");
    const down = await s.run("docker images");
    expect([down.stderr, down.exitCode]).toEqual(["Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n", 1]);
    await s.run("sim docker on");
    expect((await s.run("docker images")).stdout).toBe("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n");
  });

  it("commands the real CLI has and kadet does not model say so", async () => {
    const s = dockerSession();
    expect((await s.run("docker volume update x")).stderr).toBe("kadet: 'docker volume update' is not simulated yet\n");
    expect((await s.run("docker system df")).stderr).toBe("kadet: 'docker system' is not simulated yet\n");
    expect((await s.run("docker image prune")).stderr).toBe("kadet: 'docker image prune' is not simulated yet\n");
    expect((await s.run("docker -H tcp://x:1 ps")).stderr).toMatch(/^kadet: 'docker --host' is not simulated yet/);
  });
});
