/** The `container` check: a container of the learner's engine, running or not (and why), a field of its inspect document. */
import { describe, expect, test } from "vitest";
import { evaluateCheck } from "./index.js";
import { dockerFixture } from "./dockerTestFixture.js";
import { check } from "./testFixture.js";

describe("container check", () => {
  test("a running container passes `running`; a missing one names those there are", async () => {
    const f = dockerFixture();
    await f.run("docker run -d --name web -p 8080:80 nginx:1.27");
    expect(await evaluateCheck(check("container: { name: web, running: true }"), f.ctx())).toMatchObject({ status: "pass" });
    expect(await evaluateCheck(check("container: { name: api, running: true }"), f.ctx())).toMatchObject({ status: "fail", message: "no container api (containers here: web)" });
    const port = await evaluateCheck(check("container: { name: web, jsonpath: '{.HostConfig.PortBindings.80/tcp[0].HostPort}', equals: 8080 }"), f.ctx());
    expect(port).toMatchObject({ status: "pass" });
  });

  test("a container whose command ends at once is explained by its command and exit code", async () => {
    const f = dockerFixture();
    // busybox's default command is sh; without -it its stdin is closed, so it exits 0 at once (docs: docker run, -i keeps STDIN open).
    await f.run("docker run -d --name box busybox");
    const r = await evaluateCheck(check("container: { name: box, running: true }"), f.ctx());
    expect(r.status).toBe("fail");
    expect(r.message).toMatch(/^container box is not running: it exited at once with code 0 \(Exited \(0\) .*\); its command was `sh`$/);
  });

  test("a stopped container is not running; the exit code is an inspect field", async () => {
    const f = dockerFixture();
    await f.run("docker run -d --name web nginx:1.27");
    await f.run("docker stop web");
    expect((await evaluateCheck(check("container: { name: web, running: true }"), f.ctx())).status).toBe("fail");
    // nginx stops on SIGQUIT (its STOPSIGNAL) and exits 0.
    expect(await evaluateCheck(check("container: { name: web, jsonpath: '{.State.ExitCode}', equals: 0 }"), f.ctx())).toMatchObject({ status: "pass" });
    await f.run("docker rm web");
    expect(await evaluateCheck(check("container: { name: web, exists: false }"), f.ctx())).toMatchObject({ status: "pass" });
  });
});
