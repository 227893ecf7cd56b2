/**
 * Here-strings as bash reads them (bash(1), Here Strings: `<<< word`, the word expanded and
 * given to the command's stdin with a newline), including words with `=` that just-bash's
 * parser alone refuses (issue 7: `base64 -d <<< aGVsbG8=` was a syntax error). Expected
 * outputs are what bash 5 prints for the same lines.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";
import { withHereStringWordsEscaped } from "./here-string.js";

const session = () => new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-herestring-")) });

describe("here-strings", () => {
  it("base64 -d <<< a padded value decodes it (a Secret's data, the exam's way)", async () => {
    expect(await session().run("base64 -d <<< aGVsbG8=")).toMatchObject({ stdout: "hello", stderr: "", exitCode: 0 });
  });

  it("words with = unquoted, quoted, after a variable, and several on one line", async () => {
    const s = session();
    expect((await s.run("cat <<< a=b")).stdout).toBe("a=b\n");
    expect((await s.run("x=1; cat <<< ${x}=2; cat <<<k=v; wc -c <<< 'q=\"r s\"'")).stdout).toBe("1=2\nk=v\n8\n");
    expect((await s.run("cat <<< \"a = b\"")).stdout).toBe("a = b\n");
    expect((await s.run("echo x=1 && cat <<< y=2 | tr = :")).stdout).toBe("x=1\ny:2\n");
  });

  it("leaves lines the parser accepts untouched, and a real syntax error as it was", async () => {
    const parse = (await import("just-bash")).parse;
    expect(withHereStringWordsEscaped("echo a=b; cat <<< 'x=y'", parse)).toBe("echo a=b; cat <<< 'x=y'");
    expect(withHereStringWordsEscaped("cat <<< a=b", parse)).toBe("cat <<< a\\=b");
    expect((await session().run("cat <<<")).stderr).toMatch(/syntax error/);
  });
});
