import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Low } from "lowdb";
import { describe, expect, it } from "vitest";
import { AtomicProgressFileAdapter, cleanTempLeftovers, serializeProgress, writeFileAtomically } from "./atomicFileAdapter.js";
import { progressPaths } from "./paths.js";
import { emptyProgress, type ProgressData } from "./schema.js";
import { listDir, tempDataDir } from "./testSupport.js";

function withLesson(id: string): ProgressData {
  return { ...emptyProgress(), lessons: { [id]: { readAt: "2026-01-05T10:00:00.000Z", lastReadAt: "2026-01-05T10:00:00.000Z" } } };
}

async function adapterIn(dir: string): Promise<AtomicProgressFileAdapter> {
  const p = progressPaths(dir);
  return new AtomicProgressFileAdapter({ file: p.file, backup: p.backup, temp: p.tempFor(777) });
}

describe("writeFileAtomically", () => {
  it("leaves only the target behind on the first write: no staging file, no backup of nothing", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await writeFileAtomically("one\n", { file: p.file, backup: p.backup, temp: p.tempFor(1) });
    expect(await listDir(dir)).toEqual(["progress.json"]);
    expect(await readFile(p.file, "utf8")).toBe("one\n");
  });

  it("keeps the previous content as the backup on every write", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    const target = { file: p.file, backup: p.backup, temp: p.tempFor(1) };
    await writeFileAtomically("one\n", target);
    await writeFileAtomically("two\n", target);
    await writeFileAtomically("three\n", target);
    expect(await readFile(p.file, "utf8")).toBe("three\n");
    expect(await readFile(p.backup, "utf8")).toBe("two\n");
    expect(await listDir(dir)).toEqual(["progress.json", "progress.json.bak"]);
  });

  it("creates the data folder when it does not exist yet", async () => {
    const dir = path.join(await tempDataDir(), "nested", "kadet");
    const p = progressPaths(dir);
    await writeFileAtomically("x\n", { file: p.file, backup: p.backup, temp: p.tempFor(1) });
    expect(await readFile(p.file, "utf8")).toBe("x\n");
  });

  it("leaves the old target untouched and removes the staging file when a step fails", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    // The target is a non-empty folder: copying it for the backup fails (EISDIR) before any rename.
    await mkdir(p.file);
    await writeFile(path.join(p.file, "keep"), "precious");
    await expect(writeFileAtomically("new\n", { file: p.file, backup: p.backup, temp: p.tempFor(1) })).rejects.toThrow();
    expect(await readFile(path.join(p.file, "keep"), "utf8")).toBe("precious");
    expect(await listDir(dir)).toEqual(["progress.json"]);
  });
});

it("keeps the old progress file and cleans up when the backup cannot be replaced", async () => {
  const dir = await tempDataDir();
  const p = progressPaths(dir);
  const target = { file: p.file, backup: p.backup, temp: p.tempFor(1) };
  await writeFileAtomically("old\n", target);
  // A non-empty folder where the backup goes: rename(2) onto it fails with EISDIR.
  await mkdir(p.backup);
  await writeFile(path.join(p.backup, "x"), "x");
  await expect(writeFileAtomically("new\n", target)).rejects.toThrow();
  expect(await readFile(p.file, "utf8")).toBe("old\n");
  expect(await listDir(dir)).toEqual(["progress.json", "progress.json.bak"]);
});

describe("AtomicProgressFileAdapter (a lowdb Adapter)", () => {
  it("round-trips data through lowdb's Low.write and Low.read", async () => {
    const dir = await tempDataDir();
    const writer = new Low<ProgressData>(await adapterIn(dir), withLesson("pods"));
    await writer.write();
    const reader = new Low<ProgressData>(await adapterIn(dir), emptyProgress());
    await reader.read();
    expect(reader.data).toEqual(withLesson("pods"));
  });

  it("reads a missing file as null, so lowdb keeps its default data", async () => {
    const dir = await tempDataDir();
    expect(await (await adapterIn(dir)).read()).toBeNull();
  });

  it("throws with the file name on a damaged file (lowdb's read has no error value)", async () => {
    const dir = await tempDataDir();
    await writeFile(progressPaths(dir).file, "{ not json");
    await expect((await adapterIn(dir)).read()).rejects.toThrow(/could not read progress file .*progress\.json/);
  });

  it("serialises overlapping writes: the last one called wins and no staging file is left", async () => {
    const dir = await tempDataDir();
    const adapter = await adapterIn(dir);
    await Promise.all([adapter.write(withLesson("a")), adapter.write(withLesson("b")), adapter.write(withLesson("c"))]);
    expect(await readFile(progressPaths(dir).file, "utf8")).toBe(serializeProgress(withLesson("c")));
    expect(await readFile(progressPaths(dir).backup, "utf8")).toBe(serializeProgress(withLesson("b")));
    expect(await listDir(dir)).toEqual(["progress.json", "progress.json.bak"]);
  });

  it("writes what the data was when write was called, even if it changes while queued", async () => {
    const dir = await tempDataDir();
    const adapter = await adapterIn(dir);
    const data = withLesson("first");
    const pending = adapter.write(data);
    data.lessons = {};
    await pending;
    expect(JSON.parse(await readFile(progressPaths(dir).file, "utf8"))).toEqual(withLesson("first"));
  });
});

// Issue 6: 500 SIGKILLs left 146 MB of staging files beside progress.json.
describe("cleanTempLeftovers", () => {
  it("removes staging files of dead writers and of this process, keeps a live writer's and every other name", async () => {
    const dir = await tempDataDir();
    const file = path.join(dir, "progress.json");
    const names = [
      "progress.json.tmp-4001", // dead writer
      "progress.json.tmp-4001.bak", // its backup copy
      "progress.json.tmp-100", // this process (pid 100), before it writes
      "progress.json.tmp-200", // a live writer, just now
      "progress.json.tmp-200.bak",
      "progress.json.tmp-notes", // not our pattern
      "progress.json.tmp-4001.old",
      "other.json.tmp-4001",
      "progress.json",
    ];
    for (const name of names) await writeFile(path.join(dir, name), "x");
    const removed = await cleanTempLeftovers(file, { pid: 100, isProcessAlive: (pid) => pid === 100 || pid === 200, now: new Date() });
    expect(removed.sort()).toEqual(["progress.json.tmp-100", "progress.json.tmp-4001", "progress.json.tmp-4001.bak"]);
    expect(await listDir(dir)).toEqual(["other.json.tmp-4001", "progress.json", "progress.json.tmp-200", "progress.json.tmp-200.bak", "progress.json.tmp-4001.old", "progress.json.tmp-notes"]);
  });

  it("removes a live pid's staging file untouched for 10 minutes (the pid was reused by an unrelated process)", async () => {
    const dir = await tempDataDir();
    const file = path.join(dir, "progress.json");
    await writeFile(`${file}.tmp-200`, "x");
    const later = new Date(Date.now() + 11 * 60 * 1000);
    expect(await cleanTempLeftovers(file, { pid: 100, isProcessAlive: () => true, now: later })).toEqual(["progress.json.tmp-200"]);
  });
});
