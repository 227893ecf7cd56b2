/**
 * Integer flags as pflag parses them: strconv.ParseInt(s, 0, bits), which
 * strips the sign and calls ParseUint. ParseUint reads digit by digit and
 * returns ErrRange at the first digit that overflows the *unsigned* bit size,
 * before it ever sees a later bad character or a misplaced underscore
 * (go/src/strconv/atoi.go, ParseUint: `if n1 < n || n1 > maxVal { return maxVal, rangeError(...) }`
 * inside the loop; underscoreOK only after it). Errors recorded from kubectl 1.32 (testdata/record.sh).
 */
import { describe, expect, it } from "vitest";
import { parseGoInt } from "./flags.js";
import { kubectlSession, recordedError } from "./testing.js";

describe("parseGoInt (strconv.ParseInt base 0)", () => {
  it.each([
    ["int32-out-of-range-before-bad-digit", "create deployment web --image=nginx --replicas=99999999999x"],
    ["int32-out-of-range-before-bad-underscore", "create deployment web --image=nginx --replicas=4294967296_"],
    ["int32-past-int32-bad-digit", "create deployment web --image=nginx --replicas=2147483648x"],
    ["int64-out-of-range-before-bad-digit", "logs web --tail=99999999999999999999z"],
  ])("%s: kubectl %s", async (name, cmd) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    const expected = recordedError(name);
    expect(r.stderr).toBe(expected.stderr);
    expect(r.exitCode).toBe(expected.exitCode);
  });

  it("the overflow is of the unsigned size: 2147483648x fits 32 unsigned bits, so its x is the error", () => {
    expect(parseGoInt("99999999999x", 32)).toBe("value out of range");
    expect(parseGoInt("2147483648x", 32)).toBe("invalid syntax");
    expect(parseGoInt("4294967296_", 32)).toBe("value out of range");
    expect(parseGoInt("429496729_", 32)).toBe("invalid syntax");
  });

  it("values at the edges of the signed range (ParseInt's cutoff: un >= 1<<(bits-1), or > for negatives)", () => {
    expect(parseGoInt("2147483647", 32)).toBe(2147483647);
    expect(parseGoInt("-2147483648", 32)).toBe(-2147483648);
    expect(parseGoInt("-0x80000001", 32)).toBe("value out of range");
    expect(parseGoInt("0x80000000", 32)).toBe("value out of range");
  });

  it("prefixes, a bare 0 and leading-zero octal, underscores (compared with kubectl 1.32 --replicas)", () => {
    const cases: Array<[string, number | string]> = [
      ["0", 0], ["00", 0], ["0_0", 0], ["07", 7], ["0_7", 7], ["08", "invalid syntax"], ["0x", "invalid syntax"], ["0x_1", 1],
      ["0X1F", 31], ["0b_1", 1], ["0o_7", 7], ["0xa_b", 171], ["1_0", 10], ["1__0", "invalid syntax"], ["1_", "invalid syntax"],
      ["_0", "invalid syntax"], ["0_", "invalid syntax"], ["+-1", "invalid syntax"], ["-", "invalid syntax"], ["", "invalid syntax"], ["+0x10", 16],
    ];
    for (const [text, want] of cases) expect(parseGoInt(text, 32), text).toBe(want);
  });
});
