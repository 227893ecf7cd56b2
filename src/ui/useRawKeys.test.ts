// Function-key sequences from xterm's ctlseqs ("PC-Style Function Keys": F1–F4 are SS3 P..S,
// F5 is CSI 15 ~) and the Linux console ("[[A".."[[E").
import { describe, expect, it } from "vitest";
import { rawKeyName } from "./useRawKeys.js";

describe("rawKeyName", () => {
  it("names xterm, rxvt and Linux console function keys", () => {
    expect(rawKeyName("\u001bOP")).toBe("f1");
    expect(rawKeyName("\u001bOQ")).toBe("f2");
    expect(rawKeyName("\u001b[13~")).toBe("f3");
    expect(rawKeyName("\u001b[[D")).toBe("f4");
    expect(rawKeyName("\u001b[15~")).toBe("f5");
    expect(rawKeyName("\u001b[15;2~")).toBe("f5");
    expect(rawKeyName("\u000c")).toBe("ctrl-l");
  });

  it("ignores ordinary keys", () => {
    for (const sequence of ["l", "\u001b[A", "\u001b", "\r", "\u001b[5~"]) expect(rawKeyName(sequence)).toBeUndefined();
  });
});
