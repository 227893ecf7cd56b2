// readTree reads plain files straight from disk (file-tree.ts); it must give exactly what the
// guarded entry-by-entry walk gives (the walk docker build used before), refusals and notes
// included: links inside the folder followed, links out refused, FIFOs and oversized files
// refused with the sandbox's note, texts decoded as the sandbox decodes them.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { walkTree } from "./file-tree.js";
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
