// readTree reads plain files straight from disk (file-tree.ts); it must give exactly what the
// guarded entry-by-entry walk gives (the walk docker build used before), refusals and notes
// included: links inside the folder followed, links out refused, FIFOs and oversized files
// refused with the sandbox's note, texts decoded as the sandbox decodes them.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskTreeReader, walkTree, type DiskMount } from "./file-tree.js";
import { createSandboxFs, fileAccess, MAX_FILE_BYTES } from "./sandboxFs.js";

function awkwardFolder() {
  const base = mkdtempSync(join(tmpdir(), "kadet-tree-"));
  const root = join(base, "work");
  mkdirSync(join(root, "src", "deep", "er"), { recursive: true });
  mkdirSync(join(base, "outside"));
  writeFileSync(join(base, "outside", "secret.txt"), "host secret\n");
  writeFileSync(join(root, "Dockerfile"), "FROM busybox\nCOPY . /app\n");
  writeFileSync(join(root, "B-upper.txt"), "sorted before lower case\n");
  writeFileSync(join(root, "empty"), "");
  writeFileSync(join(root, "bom.txt"), Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]));
  writeFileSync(join(root, "latin1.bin"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  writeFileSync(join(root, "src", "app.js"), "console.log(1)\n");
  writeFileSync(join(root, "src", "deep", "er", "x.txt"), "x\n");
  symlinkSync("src/app.js", join(root, "link-to-file"));
  symlinkSync("src", join(root, "link-to-dir"));
  symlinkSync(join(base, "outside", "secret.txt"), join(root, "link-out"));
  symlinkSync(join(base, "outside"), join(root, "src", "link-out-dir"));
  execFileSync("mkfifo", [join(root, "fifo")]);
  writeFileSync(join(root, "huge.bin"), "");
  truncateSync(join(root, "huge.bin"), MAX_FILE_BYTES + 1);
  return { base, root };
}

describe("readTree (straight from disk) equals the guarded walk", () => {
  it("gives the same files, in the same order, with the same refusal notes", async () => {
    const { root } = awkwardFolder();
    const guarded = await createSandboxFs(root);
    const slow = fileAccess(guarded.fs, root);
    const expected = await walkTree(slow, root);
    const expectedNotes = guarded.takeNotes();

    const direct = await createSandboxFs(root);
    expect(direct.disk).toBeDefined();
    const got = await fileAccess(direct.fs, root, direct.disk).readTree(".");
    expect([...got!.entries()]).toEqual([...expected!.entries()]);
    expect(direct.takeNotes().sort()).toEqual(expectedNotes.sort());

    // What the walk is expected to find, spelled out: links inside followed, everything refused absent.
    expect([...got!.keys()]).toEqual([
      "B-upper.txt",
      "Dockerfile",
      "bom.txt",
      "empty",
      "latin1.bin",
      "link-to-dir/app.js",
      "link-to-dir/deep/er/x.txt",
      "link-to-file",
      "src/app.js",
      "src/deep/er/x.txt",
    ]);
    expect(got!.get("bom.txt")).toBe("hi");
    expect(got!.get("latin1.bin")).toBe("caf\uFFFD\n");
    expect(expectedNotes.some((note) => note.includes("fifo") && note.includes("FIFO"))).toBe(true);
    expect(expectedNotes.some((note) => note.includes("huge.bin") && note.includes("10 MiB"))).toBe(true);
  });

  it("reads a subfolder, and answers undefined for a file or a missing folder, as the walk does", async () => {
    const { root } = awkwardFolder();
    const sandbox = await createSandboxFs(root);
    const files = fileAccess(sandbox.fs, root, sandbox.disk);
    expect([...(await files.readTree("src"))!.keys()]).toEqual(["app.js", "deep/er/x.txt"]);
    expect([...(await files.readTree("link-to-dir/"))!.keys()]).toEqual(["app.js", "deep/er/x.txt"]);
    expect(await files.readTree("Dockerfile")).toBeUndefined();
    expect(await files.readTree("nope")).toBeUndefined();
    expect(await files.readTree("../outside")).toBeUndefined();
  });
});

describe("readTree's reuse of unchanged files (BuildKit's file sync skips files whose metadata is unchanged)", () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1100));

  it("reuses a settled file's text while its metadata is unchanged, and reads an edited one again", async () => {
    const root = mkdtempSync(join(tmpdir(), "kadet-tree-reuse-"));
    writeFileSync(join(root, "old.txt"), "v1\n");
    await settle();
    writeFileSync(join(root, "new.txt"), "fresh\n");
    const mount: DiskMount = { root, maxFileBytes: MAX_FILE_BYTES };
    const read = async () => Object.fromEntries((await walkTree({ readFile: async () => undefined, readDir: async () => undefined }, root, diskTreeReader(mount, root)))!);
    expect(await read()).toEqual({ "new.txt": "fresh\n", "old.txt": "v1\n" });
    // Only the settled file is remembered: one written within the last second is always read again (git's racy rule).
    expect([...mount.reads!.keys()]).toEqual([join(root, "old.txt")]);
    // What is remembered is what is given back while the metadata matches: the disk is not read.
    mount.reads!.get(join(root, "old.txt"))!.text = "remembered\n";
    expect((await read())["old.txt"]).toBe("remembered\n");
    // An edit of the same size changes the modification time: the file is read again.
    writeFileSync(join(root, "old.txt"), "v2\n");
    expect((await read())["old.txt"]).toBe("v2\n");
  });
});
