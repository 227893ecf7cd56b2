import { describe, expect, it } from "vitest";
import { dockerSession } from "./testing.js";

const APP = {
  Dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json .\nRUN npm install\nCOPY . .\nCMD ["node", "server.js"]\n',
  "package.json": '{"dependencies":{"express":"4"}}\n',
  "src/server.js": "listen(3000)\n",
  ".dockerignore": "node_modules\n",
};

describe("docker build in the sandbox (BuildKit, https://docs.docker.com/build/cache/)", () => {
  it("reads the working folder as the context, prints plain progress on stderr and tags the image", async () => {
    const s = dockerSession(APP);
    const r = await s.run("docker build -t app:1 -t app:latest .");
    expect([r.exitCode, r.stdout]).toEqual([0, ""]);
    expect(r.stderr).toMatch(/^#0 building with "default" instance using docker driver\n/);
    expect(r.stderr).toContain("#8 [4/5] RUN npm install\n#8 DONE");
    expect(r.stderr).toContain("naming to docker.io/library/app:1 done\n");
    expect(r.stderr).toContain("naming to docker.io/library/app:latest done\n");
    const images = await s.run("docker images --format '{{.Repository}}:{{.Tag}}'");
    expect(images.stdout).toBe("app:1\napp:latest\n");
  });

  it("a change under src/ reuses npm install; the build's time passes on the clock", async () => {
    const s = dockerSession(APP);
    await s.run("docker build -t app:1 .");
    const before = s.environment.now();
    await s.run("echo 'listen(8080)' > src/server.js");
    const again = await s.run("docker build -t app:1 .");
    expect(again.stderr).toContain("[4/5] RUN npm install\n#8 CACHED\n");
    expect(again.stderr).toMatch(/\[5\/5\] COPY \. \.\n#9 DONE/);
    expect(s.environment.now()).toBeGreaterThan(before);
    // The image app:1 pointed to before lost its tag: dangling.
    expect((await s.run("docker images -f dangling=true --format '{{.Repository}} {{.Tag}}'")).stdout).toBe("<none> <none>\n");
  });

  it("-q prints only the image ID on stdout; -f names a Dockerfile; --target and --build-arg reach the builder", async () => {
    const s = dockerSession({ ...APP, "docker/Prod.Dockerfile": "ARG V=1\nFROM alpine:3.21 AS base\nARG V\nRUN echo $V > /v\nFROM base AS final\nCMD [\"cat\", \"/v\"]\n" });
    const q = await s.run("docker build -q -f docker/Prod.Dockerfile --target base --build-arg V=2 .");
    expect(q.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(q.stderr).toBe("");
  });

  it("docker build - reads the Dockerfile from stdin, without a context", async () => {
    const s = dockerSession();
    const r = await s.run("printf 'FROM busybox\\nCMD [\"echo\", \"hi\"]\\n' | docker build -t hi -");
    expect(r.exitCode).toBe(0);
    expect(r.stderr).not.toContain("load build context");
    const bad = await s.run("printf 'FROM busybox\\nCOPY x /x\\n' | docker build -");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/ERROR: failed to solve: failed to compute cache key: .*"\/x": not found\n$/);
  });

  it("the CLI's own failures: a missing context folder, an invalid tag, a missing Dockerfile", async () => {
    const s = dockerSession(APP);
    expect((await s.run("docker build nope")).stderr).toBe('ERROR: unable to prepare context: path "nope" not found\n');
    expect((await s.run("docker build -t App:1 .")).stderr).toBe('ERROR: invalid tag "App:1": repository name must be lowercase\n');
    const missing = await s.run("docker build src");
    expect(missing.stderr).toContain("ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory\n");
  });

  it("flags BuildKit has and kadet does not simulate say so and build nothing", async () => {
    const s = dockerSession(APP);
    const r = await s.run("docker build --push -t app .");
    expect([r.stderr, r.exitCode]).toEqual(["kadet: 'docker build --push' is not simulated yet\n", 1]);
    expect((await s.run("docker images -q")).stdout).toBe("");
  });
});
