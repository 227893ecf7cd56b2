// The trainer's layer view (issue 8, "Images and builds": each instruction, its size, the last
// build's cache hit or miss and why, wasted space). BuildKit's cache rules: a COPY is reused only
// when the checksums of what it copies match; a miss invalidates every later step of the stage.
import { describe, expect, it } from "vitest";
import { dockerSession } from "./testing.js";

const APP = {
  Dockerfile: 'FROM node:20-alpine\nARG VERSION=1\nWORKDIR /app\nCOPY package.json .\nRUN npm install\nRUN echo big > /tmp/junk.txt\nRUN rm /tmp/junk.txt\nCOPY . .\nCMD ["node", "server.js"]\n',
  "package.json": "{}\n",
  "server.js": "listen(3000)\n",
};

function row(out: string, instruction: string): string {
  return out.split("\n").find((l) => l.includes(` ${instruction} `) || l.endsWith(` ${instruction}`)) ?? "";
}

describe("sim explain image NAME", () => {
  it("a first build ran every step; the layer sizes and digests are the image's", async () => {
    const s = dockerSession(APP);
    await s.run("docker build -q -t app:1 .");
    const out = (await s.run("sim explain image app:1")).stdout;
    expect(out).toMatch(/^Image app:1 \([0-9a-f]{12}\): 7 layers, .*built on node:20-alpine\n/);
    expect(row(out, "RUN npm install")).toMatch(/500kB +[0-9a-f]{12} +RAN$/);
    expect(row(out, 'CMD ["node" "server.js"]')).toMatch(/config only$/);
    expect(out).toContain("WORKDIR /app: no earlier build reached this step on the same parent");
    expect(out).toContain("RUN npm install: an earlier step of this stage ran (WORKDIR /app), so every later one runs too");
  });

  it("after an edit of server.js only COPY . . runs, and the view names the changed file", async () => {
    const s = dockerSession(APP);
    await s.run("docker build -q -t app:1 .");
    await s.run("echo 'listen(3001)' > server.js");
    await s.run("docker build -q -t app:1 .");
    const out = (await s.run("sim explain image app:1")).stdout;
    expect(row(out, "RUN npm install")).toMatch(/CACHED$/);
    expect(row(out, "COPY . .")).toMatch(/RAN$/);
    expect(out).toContain("COPY . .: COPY . . changed: app/server.js differs\n");
    await s.run("docker build -q -t app:1 .");
    expect((await s.run("sim explain image app:1")).stdout).toContain("The last build took every step from the cache.");
  });

  it("a build arg a RUN sees is part of its cache key: the view says which value changed", async () => {
    const s = dockerSession(APP);
    await s.run("docker build -q -t app:1 .");
    await s.run("docker build -q --build-arg VERSION=2 -t app:1 .");
    const out = (await s.run("sim explain image app:1")).stdout;
    expect(row(out, "WORKDIR /app")).toMatch(/CACHED$/);
    expect(out).toContain("RUN npm install: it runs with other build args or ENV: ARG VERSION=2 (was 1)");
  });

  it("--no-cache is the reason every step ran; a file deleted in a later layer is wasted space", async () => {
    const s = dockerSession(APP);
    await s.run("docker build -q --no-cache -t app:1 .");
    const out = (await s.run("sim explain image app:1")).stdout;
    expect(out).toContain("RUN npm install: --no-cache: every step runs");
    expect(out).toContain("/tmp/junk.txt (4B): added by step 5, deleted by step 6");
  });

  it("an unknown image says so", async () => {
    const s = dockerSession();
    const r = await s.run("sim explain image nope");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("no image nope:latest");
  });
});
