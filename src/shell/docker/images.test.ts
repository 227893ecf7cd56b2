import { describe, expect, it } from "vitest";
import { dockerSession } from "./testing.js";

const APP = {
  Dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json .\nRUN npm install\nCOPY . .\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
  "package.json": '{"dependencies":{"express":"4"}}\n',
  "server.js": "listen(3000)\n",
};

async function built() {
  const s = dockerSession(APP);
  await s.run("docker build -q -t app:1 .");
  return s;
}

describe("docker history (https://docs.docker.com/reference/cli/docker/image/history/)", () => {
  it("lists every instruction newest first; only the top row has an ID; CREATED BY is cut at 45 runes", async () => {
    const s = await built();
    const lines = (await s.run("docker history app:1")).stdout.split("\n");
    expect(lines[0]).toMatch(/^IMAGE {10}CREATED {9}CREATED BY {38}SIZE {6}COMMENT$/);
    expect(lines[1]).toMatch(/^[0-9a-f]{12} {3}.*CMD \["node" "server\.js"\] +0B +buildkit\.dockerfile\.v0$/);
    expect(lines.slice(2, -1).every((l) => l.startsWith("<missing>"))).toBe(true);
    expect(lines.find((l) => l.includes("npm install"))).toMatch(/RUN \/bin\/sh -c npm install # buildkit +5MB /);
    const base = lines.find((l) => l.includes("ADD file:"))!;
    expect(base).toMatch(/ADD file:[0-9a-f]+ …/);
    expect((await s.run("docker history --no-trunc app:1")).stdout).toContain("ADD file:");
    expect((await s.run("docker history nope")).stderr).toBe("Error response from daemon: No such image: nope:latest\n");
  });
});

describe("docker image inspect (Engine 27 ImageInspect)", () => {
  it("prints the image as a JSON array with Docker's field order", async () => {
    const s = await built();
    const out = (await s.run("docker image inspect app:1")).stdout;
    const [image] = JSON.parse(out) as Record<string, unknown>[];
    expect(Object.keys(image!)).toEqual(["Id", "RepoTags", "RepoDigests", "Parent", "Comment", "Created", "DockerVersion", "Author", "Config", "Architecture", "Os", "Size", "GraphDriver", "RootFS", "Metadata"]);
    expect(image!["RepoTags"]).toEqual(["app:1"]);
    expect(out.startsWith('[\n    {\n        "Id": "sha256:')).toBe(true);
  });

  it("--format runs Go templates over the typed struct: nil slices print [], omitempty fields exist", async () => {
    const s = await built();
    const f = async (t: string, ref = "app:1") => (await s.run(`docker image inspect -f '${t}' ${ref}`)).stdout;
    expect(await f("{{.Config.Cmd}}")).toBe("[node server.js]\n");
    expect(await f("{{.Config.Entrypoint}}")).toBe("[docker-entrypoint.sh]\n");
    // 1 base layer + WORKDIR, COPY, RUN, COPY.
    expect(await f("{{len .RootFS.Layers}}")).toBe("5\n");
    expect(await f("{{json .Config.ExposedPorts}}")).toBe('{"3000/tcp":{}}\n');
    expect(await f("{{json .Config.Cmd}}")).toBe('["node","server.js"]\n');
    expect(await f("{{.Config.StopSignal}}|{{.Config.Shell}}")).toBe("|[]\n");
  });

  it("template errors: a parse error is exit 64 before the daemon is asked; a missing key is exit 1", async () => {
    const s = await built();
    const bad = await s.run("docker image inspect -f '{{.Foo' app:1");
    expect([bad.stdout, bad.stderr, bad.exitCode]).toEqual(["", "template parsing error: template: :1: unclosed action\n", 64]);
    const missing = await s.run("docker image inspect -f '{{.Nope}}' app:1");
    expect([missing.stdout, missing.stderr, missing.exitCode]).toEqual(["\n", 'template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"\n', 1]);
    const none = await s.run("docker image inspect nope");
    expect([none.stdout, none.stderr, none.exitCode]).toEqual(["[]\n", "Error response from daemon: No such image: nope:latest\n", 1]);
  });
});

describe("docker tag and docker rmi", () => {
  it("tag adds a name to the same image; rmi of one of two names only untags", async () => {
    const s = await built();
    expect((await s.run("docker tag app:1 registry.local:5000/app:1")).exitCode).toBe(0);
    expect((await s.run("docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}'")).stdout.split("\n").map((l) => l.split(" ")[1]).filter(Boolean).length).toBe(2);
    expect((await s.run("docker rmi app:1")).stdout).toBe("Untagged: app:1\n");
    const last = await s.run("docker rmi registry.local:5000/app:1");
    expect(last.stdout).toMatch(/^Untagged: registry\.local:5000\/app:1\nDeleted: sha256:[0-9a-f]{64}\n$/);
    expect((await s.run("docker images -q")).stdout).toBe("");
  });

  it("rmi of the last name of an image a container uses is a conflict; -f untags and keeps the image (moby image_delete.go)", async () => {
    const s = dockerSession({ Dockerfile: 'FROM busybox:1.37\nCMD ["echo", "v1"]\n' });
    await s.run("docker build -q -t app:1 .");
    await s.run("docker run --name c1 app:1");
    const id = (await s.run("docker inspect -f '{{.Id}}' c1")).stdout.trim().slice(0, 12);
    const refused = await s.run("docker rmi app:1");
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^Error response from daemon: conflict: unable to remove repository reference "app:1" \\(must force\\) - container ${id} is using its referenced image [0-9a-f]{12}\n$`));
    expect((await s.run("docker rmi -f app:1")).stdout).toBe("Untagged: app:1\n");
    expect((await s.run("docker images -q")).stdout).not.toBe("");
    expect((await s.run("docker run --rm busybox:1.37 true")).exitCode).toBe(0);
  });

  it("rmi by ID of an image with two names is a conflict unless forced", async () => {
    const s = await built();
    await s.run("docker tag app:1 app:2");
    const id = (await s.run("docker images -q")).stdout.trim();
    const r = await s.run(`docker rmi ${id}`);
    expect([r.stderr, r.exitCode]).toEqual([`Error response from daemon: conflict: unable to delete ${id} (must be forced) - image is referenced in multiple repositories\n`, 1]);
    expect((await s.run(`docker rmi -f ${id}`)).stdout).toMatch(/^Untagged: app:1\nUntagged: app:2\nDeleted: sha256:/);
  });

  it("the errors of tag: a missing source, an invalid target", async () => {
    const s = await built();
    expect((await s.run("docker tag nope x")).stderr).toBe("Error response from daemon: No such image: nope:latest\n");
    expect((await s.run("docker tag app:1 App:3")).stderr).toBe('Error parsing reference: "App:3" is not a valid repository/tag: invalid reference format: repository name (library/App) must be lowercase\n');
    expect((await s.run("docker rmi nope")).stderr).toBe("Error response from daemon: No such image: nope:latest\n");
  });
});
