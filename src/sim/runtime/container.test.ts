import { describe, expect, it } from "vitest";
import { advanceContainer, containerLogs, createContainer, normaliseSignal, signalContainer, startContainer, stopContainer } from "./container.js";
import type { ProcessBehaviour } from "../catalog/images.js";

const server: ProcessBehaviour = { kind: "server", logs: ["ready"] };
const sleeper: ProcessBehaviour = { kind: "exits", afterSeconds: 30, exitCode: 0, logs: [], ignoresSigterm: true };
const failing: ProcessBehaviour = { kind: "exits", afterSeconds: 2, exitCode: 3, logs: ["boom"] };
const loop: ProcessBehaviour = { kind: "runs", logs: [], ignoresSigterm: true, repeatLog: { line: "tick", everySeconds: 5 } };

describe("the container state machine", () => {
  it("created → running → exited with the process's own code when its time comes", () => {
    const c = startContainer(createContainer(failing), 1000);
    expect(advanceContainer(c, 2999).state.status).toBe("running");
    expect(advanceContainer(c, 3000).state).toEqual({ status: "exited", startedAt: 1000, finishedAt: 3000, exitCode: 3, oomKilled: false });
  });

  it("a memory limit below the process's need: OOMKilled, exit 137, at start", () => {
    const c = startContainer(createContainer(server), 0, { memoryLimitMiB: 4, memoryMiB: 8 });
    expect(c.state).toMatchObject({ status: "exited", exitCode: 137, oomKilled: true });
  });

  it("SIGKILL ends any process with 128+9 = 137", () => {
    expect(signalContainer(startContainer(createContainer(sleeper), 0), 10, "SIGKILL").state).toMatchObject({ exitCode: 137, signal: "SIGKILL" });
  });

  // https://docs.docker.com/reference/cli/docker/container/stop/: "The main process inside the container
  // will receive SIGTERM, and after a grace period, SIGKILL."
  it("docker stop: a server that handles the signal exits 0 at once", () => {
    const { container, waitedMs } = stopContainer(startContainer(createContainer(server), 0), 5000, "SIGQUIT", 10);
    expect([container.state, waitedMs]).toEqual([{ status: "exited", startedAt: 0, finishedAt: 5000, exitCode: 0, oomKilled: false }, 0]);
  });
  it("docker stop: PID 1 without a SIGTERM handler (sleep) is killed after the timeout, 137", () => {
    const { container, waitedMs } = stopContainer(startContainer(createContainer(sleeper), 0), 1000, "SIGTERM", 10);
    expect([container.state.status, (container.state as { exitCode: number }).exitCode, waitedMs]).toEqual(["exited", 137, 10_000]);
  });
  it("docker stop: a process that ends on its own within the timeout keeps its own code", () => {
    const { container, waitedMs } = stopContainer(startContainer(createContainer(sleeper), 0), 25_000, "SIGTERM", 10);
    expect([(container.state as { exitCode: number }).exitCode, waitedMs]).toEqual([0, 5000]);
  });

  it("logs: each run's lines, a loop's line once per period, earlier runs kept after a restart", () => {
    let c = startContainer(createContainer(loop), 0);
    expect(containerLogs(c, 12_000).map((l) => l.at)).toEqual([0, 5000, 10_000]);
    c = signalContainer(c, 12_000, "SIGKILL");
    c = startContainer(c, 20_000);
    expect(containerLogs(c, 20_000).map((l) => l.at)).toEqual([0, 5000, 10_000, 20_000]);
  });

  it("signal names as docker kill -s takes them", () => {
    expect([normaliseSignal("TERM"), normaliseSignal("sigkill"), normaliseSignal("9"), normaliseSignal("NOPE")]).toEqual(["SIGTERM", "SIGKILL", "SIGKILL", undefined]);
  });
});
