import { describe, expect, it } from "vitest";
import { DockerEngine, type BuildRequest } from "./build.js";
import { imageFiles, imageSize } from "./image.js";
import { plainProgress } from "./progress.js";
import { resolveDockerCommand } from "../runtime/command.js";

const NODE_APP = [
  "FROM node:20-alpine",
  "WORKDIR /app",
  "COPY package.json .",
  "RUN npm install",
  "COPY . .",
  'CMD ["node", "server.js"]',
  "",
].join("\n");

function context(files: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(files));
}

const APP_FILES = { Dockerfile: NODE_APP, "package.json": '{"dependencies":{"express":"4"}}', "server.js": "listen(3000)\n" };

function build(engine: DockerEngine, files: Record<string, string>, extra: Partial<BuildRequest> = {}) {
  return engine.build({ context: context(files), tags: ["app:1"], ...extra });
}

const stepsCached = (r: ReturnType<DockerEngine["build"]>) => (r.ok ? r.steps.map((s) => [s.instruction, s.cached]) : r.error);

describe("docker build: the layer cache (https://docs.docker.com/build/cache/)", () => {
  it("a second identical build reuses every step", () => {
    const engine = new DockerEngine(() => 0);
    const first = build(engine, APP_FILES);
    const second = build(engine, APP_FILES);
    expect(stepsCached(first)).toEqual([["WORKDIR /app", false], ["COPY package.json .", false], ["RUN npm install", false], ["COPY . .", false]]);
    expect(stepsCached(second)).toEqual([["WORKDIR /app", true], ["COPY package.json .", true], ["RUN npm install", true], ["COPY . .", true]]);
    expect(first.ok && second.ok && first.image.id === second.image.id).toBe(true);
  });

  it("changing a source file misses only from the COPY that copies it: npm install stays cached", () => {
    const engine = new DockerEngine(() => 0);
    build(engine, APP_FILES);
    const again = build(engine, { ...APP_FILES, "server.js": "listen(8080)\n" });
    expect(stepsCached(again)).toEqual([["WORKDIR /app", true], ["COPY package.json .", true], ["RUN npm install", true], ["COPY . .", false]]);
  });

  it("changing package.json misses its COPY and invalidates every later step of the stage", () => {
    const engine = new DockerEngine(() => 0);
    build(engine, APP_FILES);
    const again = build(engine, { ...APP_FILES, "package.json": '{"dependencies":{"express":"5"}}' });
    expect(stepsCached(again)).toEqual([["WORKDIR /app", true], ["COPY package.json .", false], ["RUN npm install", false], ["COPY . .", false]]);
  });

  it("the cache compares file checksums, not times: the same content rewritten is a hit", () => {
    const engine = new DockerEngine(() => 0);
    build(engine, APP_FILES);
    expect(stepsCached(build(engine, { ...APP_FILES }))).toEqual(expect.arrayContaining([["COPY . .", true]]));
  });

  it("a file left out by .dockerignore does not reach the image nor the cache key", () => {
    const engine = new DockerEngine(() => 0);
    const files = { ...APP_FILES, ".dockerignore": "*.log\n", "debug.log": "a" };
    const first = build(engine, files);
    expect(first.ok && imageFiles(first.image).has("app/debug.log")).toBe(false);
    expect(first.ok && imageFiles(first.image).has("app/server.js")).toBe(true);
    expect(stepsCached(build(engine, { ...files, "debug.log": "b" }))).toEqual(expect.arrayContaining([["COPY . .", true]]));
  });

  it("--no-cache runs every step again", () => {
    const engine = new DockerEngine(() => 0);
    build(engine, APP_FILES);
    expect(stepsCached(build(engine, APP_FILES, { noCache: true }))).toEqual([["WORKDIR /app", false], ["COPY package.json .", false], ["RUN npm install", false], ["COPY . .", false]]);
  });

  // Dockerfile reference, ARG, "Impact on build caching": a changed value misses at its first use by RUN.
  it("a different --build-arg value misses the RUN steps after the ARG, not the steps before it", () => {
    const engine = new DockerEngine(() => 0);
    const files = { Dockerfile: "FROM alpine\nRUN echo one > /one\nARG LEVEL=1\nRUN echo two > /two\n" };
    build(engine, files);
    expect(stepsCached(build(engine, files, { buildArgs: { LEVEL: "2" } }))).toEqual([["RUN echo one > /one", true], ["RUN echo two > /two", false]]);
  });

  it("a LABEL or EXPOSE added before RUN does not break BuildKit's cache (they are config, not steps)", () => {
    const engine = new DockerEngine(() => 0);
    build(engine, { Dockerfile: "FROM alpine\nRUN mkdir /data\n" });
    expect(stepsCached(build(engine, { Dockerfile: "FROM alpine\nLABEL team=web\nEXPOSE 80\nRUN mkdir /data\n" }))).toEqual([["RUN mkdir /data", true]]);
  });

  it("an ENV whose value changes misses the RUN steps after it", () => {
    const engine = new DockerEngine(() => 0);
    build(engine, { Dockerfile: "FROM alpine\nENV MODE=a\nRUN mkdir /data\n" });
    expect(stepsCached(build(engine, { Dockerfile: "FROM alpine\nENV MODE=b\nRUN mkdir /data\n" }))).toEqual([["RUN mkdir /data", false]]);
  });
});

describe("docker build: instructions", () => {
  it("config: ENV expands, EXPOSE defaults to tcp, USER, LABEL, VOLUME, WORKDIR relative to the previous one", () => {
    const engine = new DockerEngine(() => 0);
    const r = build(engine, { Dockerfile: 'FROM alpine\nARG VERSION=1.2\nENV APP_VERSION=$VERSION HOME_DIR=/srv\nWORKDIR ${HOME_DIR}\nWORKDIR app\nEXPOSE 8080 53/udp\nUSER 1000\nLABEL version="${VERSION}"\nVOLUME /data\n' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.image.config).toMatchObject({
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP_VERSION=1.2", "HOME_DIR=/srv"],
      WorkingDir: "/srv/app",
      ExposedPorts: { "8080/tcp": {}, "53/udp": {} },
      User: "1000",
      Labels: { version: "1.2" },
      Volumes: { "/data": {} },
      Cmd: ["/bin/sh"],
    });
  });

  it("ARG before FROM is seen by FROM only; re-declared in the stage it takes the global default", () => {
    const engine = new DockerEngine(() => 0);
    const r = build(engine, { Dockerfile: "ARG TAG=3.21\nFROM alpine:${TAG}\nENV BEFORE=${TAG}x\nARG TAG\nENV AFTER=${TAG}\n" });
    expect(r.ok && r.image.config.Env.slice(1)).toEqual(["BEFORE=x", "AFTER=3.21"]);
  });

  it("ENTRYPOINT in the Dockerfile resets the CMD inherited from the base image (Dockerfile reference, CMD)", () => {
    const engine = new DockerEngine(() => 0);
    const r = build(engine, { Dockerfile: 'FROM nginx\nENTRYPOINT ["nginx-debug"]\n' });
    expect(r.ok && [r.image.config.Entrypoint, r.image.config.Cmd]).toEqual([["nginx-debug"], null]);
    const shell = build(engine, { Dockerfile: "FROM alpine\nCMD echo hi\n" });
    expect(shell.ok && resolveDockerCommand(shell.image.config.Entrypoint, shell.image.config.Cmd)).toMatchObject({ ok: true, argv: ["/bin/sh", "-c", "echo hi"] });
  });

  it("multi-stage: COPY --from a named stage, FROM scratch, and only the last stage's layers ship", () => {
    const engine = new DockerEngine(() => 0);
    const files = {
      Dockerfile: "FROM node:20 AS build\nWORKDIR /src\nCOPY . .\nRUN npm install\nRUN echo bundle > dist.js\nFROM scratch\nCOPY --from=build /src/dist.js /dist.js\n",
      "package.json": '{"dependencies":{"a":"1","b":"1"}}',
    };
    const r = build(engine, files);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...imageFiles(r.image)]).toEqual([["dist.js", "bundle\n"]]);
    expect(imageSize(r.image)).toBe("bundle\n".length);
    // BuildKit names unnamed stages stage-N and counts FROM only for non-scratch bases.
    const names = r.vertices.map((v) => v.name).filter((n) => n.startsWith("[") && !n.startsWith("[internal]")).map((n) => n.replace(/@sha256:[0-9a-f]{64}$/, "@…"));
    expect(names).toEqual([
      "[build 1/5] FROM docker.io/library/node:20@…",
      "[build 2/5] WORKDIR /src",
      "[build 3/5] COPY . .",
      "[build 4/5] RUN npm install",
      "[build 5/5] RUN echo bundle > dist.js",
      "[stage-1 1/1] COPY --from=build /src/dist.js /dist.js",
    ]);
  });

  it("--target builds the named stage and skips stages it does not need", () => {
    const engine = new DockerEngine(() => 0);
    const r = build(engine, { Dockerfile: "FROM alpine AS a\nRUN mkdir /a\nFROM busybox AS b\nRUN mkdir /b\n" }, { target: "a" });
    expect(r.ok && r.steps.map((s) => s.instruction)).toEqual(["RUN mkdir /a"]);
    expect(build(engine, { Dockerfile: "FROM alpine\n" }, { target: "nope" })).toMatchObject({ ok: false, error: 'target stage "nope" could not be found' });
  });

  it("RUN changes the files it plainly changes; rm in a later layer does not shrink the image", () => {
    const engine = new DockerEngine(() => 0);
    const r = build(engine, { Dockerfile: "FROM alpine\nRUN mkdir -p /app && echo hello > /app/a.txt\nRUN rm /app/a.txt\n" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(imageFiles(r.image).has("app/a.txt")).toBe(false);
    expect(imageFiles(r.image).has("app/")).toBe(true);
    const sizes = r.image.history.filter((h) => !h.inherited && h.layer).map((h) => h.layer!.sizeBytes);
    expect(sizes).toEqual(["hello\n".length, 0]);
  });

  it("COPY of a missing file fails as BuildKit does", () => {
    const engine = new DockerEngine(() => 0);
    const r = build(engine, { Dockerfile: "FROM alpine\nCOPY app.js /app/\n" });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^failed to compute cache key: failed to calculate checksum of ref \S+: "\/app.js": not found$/);
  });

  it("an unknown base image fails at load metadata with the registry's words", () => {
    const r = build(new DockerEngine(() => 0), { Dockerfile: "FROM nosuchimage\n" });
    expect(!r.ok && r.error).toBe("nosuchimage: failed to resolve source metadata for docker.io/library/nosuchimage:latest: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed");
  });

  it("instructions the model does not run say so", () => {
    const r = build(new DockerEngine(() => 0), { Dockerfile: "FROM alpine\nHEALTHCHECK CMD true\n" });
    expect(!r.ok && r.error).toBe("kadet: 'HEALTHCHECK' in a Dockerfile is not simulated yet");
  });

  // buildkit frontend/dockerfile/dockerfile2llb/convert.go dispatchShell / dispatchStopSignal: Config.Shell and
  // Config.StopSignal set, history "SHELL [/bin/bash -c]" (Go's %v of a slice) and "STOPSIGNAL SIGINT", no layer;
  // the Dockerfile reference (SHELL): later shell-form RUN, CMD and ENTRYPOINT run under the new shell.
  it("SHELL changes the shell of later shell-form RUN, CMD and ENTRYPOINT; STOPSIGNAL sets the stop signal", () => {
    const engine = new DockerEngine(() => 0);
    const r = build(engine, { Dockerfile: 'FROM alpine\nRUN echo one\nSHELL ["/bin/bash", "-c"]\nRUN echo two\nSTOPSIGNAL SIGINT\nCMD echo three\n' });
    if (!r.ok) throw new Error(r.error);
    expect(r.image.config.Shell).toEqual(["/bin/bash", "-c"]);
    expect(r.image.config.StopSignal).toBe("SIGINT");
    expect(r.image.config.Cmd).toEqual(["/bin/bash", "-c", "echo three"]);
    const own = r.image.history.filter((h) => !h.inherited).map((h) => [h.createdBy, h.layer !== undefined]);
    expect(own).toEqual([
      ["RUN /bin/sh -c echo one # buildkit", true],
      ["SHELL [/bin/bash -c]", false],
      ["RUN /bin/bash -c echo two # buildkit", true],
      ["STOPSIGNAL SIGINT", false],
      ["CMD [\"/bin/bash\" \"-c\" \"echo three\"]", false],
    ]);
  });

  it("SHELL in shell form and an unknown STOPSIGNAL fail as BuildKit's parser and signal.ParseSignal do", () => {
    const shell = build(new DockerEngine(() => 0), { Dockerfile: "FROM alpine\nSHELL /bin/bash -c\n" });
    expect(!shell.ok && shell.error).toBe("dockerfile parse error on line 2: SHELL requires the arguments to be in JSON form");
    const signal = build(new DockerEngine(() => 0), { Dockerfile: "FROM alpine\nSTOPSIGNAL SIGFOO\n" });
    expect(!signal.ok && signal.error).toBe("Invalid signal: SIGFOO");
    for (const ok of ["9", "TERM", "SIGRTMIN+3"]) expect(build(new DockerEngine(() => 0), { Dockerfile: `FROM alpine\nSTOPSIGNAL ${ok}\n` }).ok).toBe(true);
  });
});

// Row shapes copied from real `docker build` plain output (Docker 27, docker driver):
// "#1 [internal] load build definition from Dockerfile", "#1 transferring dockerfile: 109B done",
// "#6 [2/2] COPY index.html /usr/share/nginx/html/", "#6 CACHED", "#7 naming to ... done".
describe("plain progress", () => {
  it("prints a first build and a cached rebuild as BuildKit does", () => {
    const engine = new DockerEngine(() => 0);
    const files = { Dockerfile: "FROM nginx:1.27\nCOPY index.html /usr/share/nginx/html/\n", "index.html": "<h1>hi</h1>\n" };
    build(engine, files);
    const second = build(engine, files);
    const text = plainProgress(second);
    const id = second.ok ? second.image.id : "";
    const from = second.ok ? second.vertices[3]!.name : "";
    expect(from).toMatch(/^\[1\/2\] FROM docker\.io\/library\/nginx:1\.27@sha256:[0-9a-f]{64}$/);
    expect(text).toBe(
      [
        '#0 building with "default" instance using docker driver',
        "",
        "#1 [internal] load build definition from Dockerfile",
        "#1 transferring dockerfile: 55B done",
        "#1 DONE 0.0s",
        "",
        "#2 [internal] load metadata for docker.io/library/nginx:1.27",
        "#2 DONE 0.4s",
        "",
        "#3 [internal] load .dockerignore",
        "#3 transferring context: 2B done",
        "#3 DONE 0.0s",
        "",
        `#4 ${from}`,
        "#4 DONE 0.0s",
        "",
        "#5 [internal] load build context",
        "#5 transferring context: 67B done",
        "#5 DONE 0.0s",
        "",
        "#6 [2/2] COPY index.html /usr/share/nginx/html/",
        "#6 CACHED",
        "",
        "#7 exporting to image",
        "#7 exporting layers done",
        `#7 writing image ${id} done`,
        "#7 naming to docker.io/library/app:1 done",
        "#7 DONE 0.0s",
        "",
      ].join("\n"),
    );
  });

  it("pads step numbers to the width of the total, as dockerfile2llb's prefixCommand does", () => {
    const lines = Array.from({ length: 10 }, (_, i) => `RUN mkdir /d${i}`).join("\n");
    const r = build(new DockerEngine(() => 0), { Dockerfile: `FROM alpine\n${lines}\n` });
    expect(r.ok && r.vertices.map((v) => v.name).filter((n) => n.startsWith("[") && !n.startsWith("[internal]")).slice(0, 2)).toEqual([expect.stringMatching(/^\[ 1\/11\] FROM /), "[ 2/11] RUN mkdir /d0"]);
  });

  it("a parse error prints the source excerpt, then ERROR: failed to solve", () => {
    const r = build(new DockerEngine(() => 0), { Dockerfile: "FROM alpine\nRUNN echo hi\n" });
    expect(plainProgress(r)).toBe(
      [
        '#0 building with "default" instance using docker driver',
        "",
        "#1 [internal] load build definition from Dockerfile",
        "#1 transferring dockerfile: 25B done",
        "#1 DONE 0.0s",
        "Dockerfile:2",
        "--------------------",
        "   1 |     FROM alpine",
        "   2 | >>> RUNN echo hi",
        "   3 |     ",
        "--------------------",
        "ERROR: failed to solve: dockerfile parse error on line 2: unknown instruction: RUNN (did you mean RUN?)",
        "",
      ].join("\n"),
    );
  });
});

describe("docker build: ARG and ENV in RUN (https://docs.docker.com/reference/dockerfile/#arg)", () => {
  const DOCKERFILE = [
    "ARG BASE_TAG=1.37",
    "FROM busybox:${BASE_TAG}",
    "ARG DEFAULT_PORT=80",
    "ENV PORT=$DEFAULT_PORT",
    'RUN echo "port $PORT arg $DEFAULT_PORT base $BASE_TAG" > /built.txt',
    "RUN echo '$PORT' > /literal.txt",
    "",
  ].join("\n");

  it("a shell-form RUN's shell expands build args and ENV; an ARG before FROM is not in scope after it; single quotes keep $", () => {
    const engine = new DockerEngine(() => 0);
    const r = engine.build({ context: context({ Dockerfile: DOCKERFILE }), buildArgs: { DEFAULT_PORT: "9999" } });
    if (!r.ok) throw new Error(r.error);
    const files = imageFiles(r.image);
    expect(files.get("built.txt")).toBe("port 9999 arg 9999 base \n");
    expect(files.get("literal.txt")).toBe("$PORT\n");
  });

  it("history records the stage's build args before a RUN's command (BuildKit runCommandString: |N KEY=value)", () => {
    const engine = new DockerEngine(() => 0);
    const r = engine.build({ context: context({ Dockerfile: "FROM busybox:1.37\nARG TOKEN\nARG MODE=prod\nRUN echo building\n" }), buildArgs: { TOKEN: "s3cr3t" } });
    if (!r.ok) throw new Error(r.error);
    expect(r.image.history.at(-1)!.createdBy).toBe("RUN |2 TOKEN=s3cr3t MODE=prod /bin/sh -c echo building # buildkit");
    // Build args never become the image's environment (only ENV does).
    expect(r.image.config.Env.some((e) => e.startsWith("TOKEN="))).toBe(false);
  });
});

describe("docker build: history times (BuildKit exporter normalizeLayersAndHistory)", () => {
  it("a fully cached rebuild later on the clock yields the same image ID; config-only entries take their layers' times", () => {
    let now = 1_000;
    const engine = new DockerEngine(() => now);
    const first = build(engine, APP_FILES);
    now = 60_000;
    const second = build(engine, APP_FILES);
    if (!first.ok || !second.ok) throw new Error("build failed");
    expect(second.image.id).toBe(first.image.id);
    // CMD (config only) carries the time of the COPY layer before it, not the build's.
    expect(second.image.history.at(-1)!.created).toBe(1_000);
    expect(second.image.created).toBe(first.image.created);
  });
});
