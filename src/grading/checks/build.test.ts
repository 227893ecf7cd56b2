/**
 * The `build` check. Cache rules from Docker's docs ("Build cache
 * invalidation"): COPY/ADD miss when the copied files' content changes; a
 * miss invalidates every later step of the stage.
 */
import { describe, expect, test } from "vitest";
import { evaluateCheck } from "./index.js";
import { dockerFixture } from "./dockerTestFixture.js";
import { check } from "./testFixture.js";

const CONTEXT = { "app/package.json": "{\"name\":\"app\"}\n", "app/src/index.js": "console.log('hi')\n" };
const SLOW = "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"node\", \"src/index.js\"]\n";
const FAST = "FROM node:20-alpine\nWORKDIR /app\nCOPY package.json .\nRUN npm install\nCOPY . .\nCMD [\"node\", \"src/index.js\"]\n";
const CACHED = "build: { context: app, change: src/index.js, cached: RUN npm install }";

describe("build check", () => {
  test("COPY . . before npm install: the install reruns when a source file changes, and the message says why", async () => {
    const f = dockerFixture({ ...CONTEXT, "app/Dockerfile": SLOW });
    const r = await evaluateCheck(check(CACHED), f.ctx());
    expect(r).toMatchObject({ status: "fail", observed: "not cached" });
    expect(r.message).toBe(
      "step 4 (RUN npm install) was not cached on a rebuild after src/index.js changed: step 3 (COPY . .) before it copies src/index.js, which changed, and a miss invalidates every later step of the stage",
    );
  });

  test("COPY package.json first: the install stays CACHED", async () => {
    const f = dockerFixture({ ...CONTEXT, "app/Dockerfile": FAST });
    expect(await evaluateCheck(check(CACHED), f.ctx())).toMatchObject({ status: "pass", message: "step 4 (RUN npm install) is CACHED on a rebuild after src/index.js changed" });
    // Changing package.json must rebuild it: the check is not blind.
    expect((await evaluateCheck(check("build: { context: app, change: package.json, cached: RUN npm install }"), f.ctx())).status).toBe("fail");
  });

  test("the learner's engine is not touched: no image, no cache entry appears", async () => {
    const f = dockerFixture({ ...CONTEXT, "app/Dockerfile": FAST });
    await evaluateCheck(check(CACHED), f.ctx());
    expect(f.session.docker.engine.images.size).toBe(0);
    expect(f.session.docker.engine.buildCache.size).toBe(0);
  });

  test("a typo'd instruction fails with BuildKit's error and the line", async () => {
    const f = dockerFixture({ ...CONTEXT, "app/Dockerfile": "FROM node:20-alpine\nWORKDIR /app\nCOPPY . .\n" });
    const r = await evaluateCheck(check("build: { context: app }"), f.ctx());
    expect(r.status).toBe("fail");
    expect(r.message).toMatch(/^building app\/Dockerfile fails: Dockerfile:3: .*unknown instruction: COPPY/);
    f.write("app/Dockerfile", FAST);
    expect(await evaluateCheck(check("build: { context: app }"), f.ctx())).toMatchObject({ status: "pass" });
  });

  test("a missing Dockerfile or step is named", async () => {
    const f = dockerFixture(CONTEXT);
    expect((await evaluateCheck(check("build: { context: app }"), f.ctx())).message).toBe("there is no app/Dockerfile to build");
    f.write("app/Dockerfile", FAST);
    expect((await evaluateCheck(check("build: { context: app, cached: RUN pip install }"), f.ctx())).message).toMatch(/^app\/Dockerfile has no step "RUN pip install" \(its steps: WORKDIR \/app; COPY package.json \.; RUN npm install; COPY \. \.\)$/);
  });

  test("change without cached is refused at load time", () => {
    expect(() => check("build: { change: a.js }")).toThrow(/change needs cached/);
  });
});
