/** The `dockerfile` check: a workspace Dockerfile parses, has instructions in order, a non-root USER, no given instruction. */
import { describe, expect, test } from "vitest";
import { evaluateCheck } from "./index.js";
import { dockerFixture } from "./dockerTestFixture.js";
import { check } from "./testFixture.js";

const SLOW = "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"node\", \"server.js\"]\n";
const FAST = "FROM node:20-alpine AS deps\nRUN echo deps\n\nFROM node:20-alpine\nWORKDIR /app\ncopy package.json .\nRUN npm install --omit=dev\nCOPY . .\nUSER node\n";

describe("dockerfile check", () => {
  test("order: names the two lines that are the wrong way round", async () => {
    const f = dockerFixture({ Dockerfile: SLOW });
    const r = await evaluateCheck(check("dockerfile: { order: [COPY package.json, RUN npm install] }"), f.ctx());
    expect(r).toMatchObject({ status: "fail", message: "the final stage of Dockerfile has no instruction starting with `COPY package.json`" });
    const swapped = await evaluateCheck(check("dockerfile: { order: [RUN npm install, COPY . .] }"), f.ctx());
    expect(swapped.message).toBe("in Dockerfile, line 3 `COPY . .` comes before line 4 `RUN npm install`; it should come after it");
  });

  test("order reads the final stage; keywords are case-insensitive and a prefix may stop before flags or options", async () => {
    const f = dockerFixture({ Dockerfile: FAST });
    expect(await evaluateCheck(check("dockerfile: { order: [COPY package.json, RUN npm install, COPY . .] }"), f.ctx())).toMatchObject({ status: "pass" });
    expect((await evaluateCheck(check("dockerfile: { order: [RUN echo deps, COPY . .] }"), f.ctx())).status).toBe("fail");
  });

  test("nonRootUser: the final stage's last USER (Dockerfile reference, USER)", async () => {
    const f = dockerFixture({ Dockerfile: SLOW });
    expect((await evaluateCheck(check("dockerfile: { nonRootUser: true }"), f.ctx())).message).toMatch(/has no USER instruction, so its process runs as root/);
    f.write("Dockerfile", `${SLOW}USER app\nUSER 0\n`);
    expect((await evaluateCheck(check("dockerfile: { nonRootUser: true }"), f.ctx())).message).toBe("the last USER of Dockerfile (line 7 `USER 0`) is root");
    f.write("Dockerfile", FAST);
    expect(await evaluateCheck(check("dockerfile: { nonRootUser: true }"), f.ctx())).toMatchObject({ status: "pass", observed: "node" });
  });

  test("parses, with BuildKit's error; absent names every use", async () => {
    const f = dockerFixture({ "app/Dockerfile": "FROM busybox:1.37\nADD a.tar /\nRUNN x\n" });
    const r = await evaluateCheck(check("dockerfile: { path: app/Dockerfile }"), f.ctx());
    expect(r).toMatchObject({ status: "fail", message: "app/Dockerfile does not parse (line 3): dockerfile parse error on line 3: unknown instruction: RUNN (did you mean RUN?)" });
    f.write("app/Dockerfile", "FROM busybox:1.37\nADD a.tar /\nADD b /b\n");
    expect((await evaluateCheck(check("dockerfile: { path: app/Dockerfile, absent: ADD }"), f.ctx())).message).toBe("app/Dockerfile still uses ADD: line 2 `ADD a.tar /`, line 3 `ADD b /b`");
    expect(() => check("dockerfile: { order: [a, b], absent: ADD }")).toThrow(/tests one thing/);
  });
});
