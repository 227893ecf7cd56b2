/** The `image` check: an image of the learner's engine, a field of its inspect document, its base, its user. */
import { describe, expect, test } from "vitest";
import { evaluateCheck } from "./index.js";
import { isRootUser } from "./image.js";
import { dockerFixture } from "./dockerTestFixture.js";
import { check } from "./testFixture.js";

const NODE_APP = "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n";

describe("image check", () => {
  test("a missing image names the images there are", async () => {
    const f = dockerFixture({ "Dockerfile": NODE_APP, "server.js": "" });
    await f.run("docker build -t app:1 .");
    const r = await evaluateCheck(check("image: { ref: app:2 }"), f.ctx());
    expect(r).toMatchObject({ status: "fail", message: "no image app:2 in your Docker engine (images here: app:1)" });
    expect(await evaluateCheck(check("image: { ref: app:2, exists: false }"), f.ctx())).toMatchObject({ status: "pass" });
    // `docker image inspect app` means app:latest (Docker docs, "docker image tag": the tag defaults to latest).
    expect(await evaluateCheck(check("image: { ref: app }"), f.ctx())).toMatchObject({ status: "fail" });
  });

  test("a field of `docker image inspect` is read with JSONPath", async () => {
    const f = dockerFixture({ "Dockerfile": NODE_APP, "server.js": "" });
    await f.run("docker build -t app:1 .");
    const cmd = await evaluateCheck(check("image: { ref: app:1, jsonpath: '{.Config.Cmd}', equals: '[\"node\",\"server.js\"]' }"), f.ctx());
    expect(cmd).toMatchObject({ status: "pass" });
    const wd = await evaluateCheck(check("image: { ref: app:1, jsonpath: '{.Config.WorkingDir}', equals: /srv }"), f.ctx());
    expect(wd).toMatchObject({ status: "fail", observed: "/app", message: "image app:1: {.Config.WorkingDir} is /app, expected /srv" });
  });

  test("nonRoot: an image without USER runs as root, and the message says so", async () => {
    const f = dockerFixture({ "Dockerfile": NODE_APP, "server.js": "" });
    await f.run("docker build -t app:1 .");
    const root = await evaluateCheck(check("image: { ref: app:1, nonRoot: true }"), f.ctx());
    expect(root.status).toBe("fail");
    expect(root.message).toContain("runs as root: its Config.User is empty");
    f.write("Dockerfile", `${NODE_APP}USER node\n`);
    await f.run("docker build -t app:1 .");
    expect(await evaluateCheck(check("image: { ref: app:1, nonRoot: true }"), f.ctx())).toMatchObject({ status: "pass", observed: "node" });
  });

  test("root spelled as a name or UID, with or without a group (Dockerfile reference, USER)", () => {
    for (const user of ["", "root", "0", "0:0", "root:staff"]) expect(isRootUser(user), user).toBe(true);
    for (const user of ["node", "1000", "1000:1000", "app:root"]) expect(isRootUser(user), user).toBe(false);
  });

  test("base: the catalog image under the final stage", async () => {
    const f = dockerFixture({ "Dockerfile": "FROM node:20 AS build\nWORKDIR /src\nCOPY . .\nFROM nginx:1.27-alpine\nCOPY --from=build /src /usr/share/nginx/html\n", "index.html": "hi" });
    await f.run("docker build -t site:1 .");
    expect(await evaluateCheck(check("image: { ref: site:1, base: nginx:1.27-alpine }"), f.ctx())).toMatchObject({ status: "pass" });
    const r = await evaluateCheck(check("image: { ref: site:1, base: node:20 }"), f.ctx());
    expect(r).toMatchObject({ status: "fail", observed: "nginx:1.27-alpine" });
  });

  test("one test per check: jsonpath, base, nonRoot and exists do not mix", () => {
    expect(() => check("image: { ref: a, base: b, nonRoot: true }")).toThrow(/tests one thing/);
    expect(() => check("image: { ref: a, jsonpath: '{.Size}' }")).toThrow(/needs a comparator/);
  });
});
