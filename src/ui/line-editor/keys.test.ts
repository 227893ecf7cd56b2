// Key sequences from xterm's ctlseqs ("PC-Style Function Keys", "Bracketed Paste Mode":
// https://invisible-island.net/xterm/ctlseqs/ctlseqs.html) and the Linux console.
import { describe, expect, it } from "vitest";
import { decodeEscape, decodeText, KeyDecoder, keyWord } from "./keys.js";

const words = (events: string[]): (string | undefined)[] => {
  const decoder = new KeyDecoder();
  return events.flatMap((e) => decoder.push(e)).map((k) => (k.type === "text" ? `text:${k.text}` : k.type === "key" ? keyWord(k) : k.type));
};

describe("decodeEscape", () => {
  it("names xterm, rxvt and Linux console function keys; modified F-keys keep their name (Ctrl+F1 is ESC[1;5P)", () => {
    expect(keyWord(decodeEscape("\u001bOP"))).toBe("f1");
    expect(keyWord(decodeEscape("\u001bOQ"))).toBe("f2");
    expect(keyWord(decodeEscape("\u001b[13~"))).toBe("f3");
    expect(keyWord(decodeEscape("\u001b[[D"))).toBe("f4");
    expect(keyWord(decodeEscape("\u001b[15~"))).toBe("f5");
    expect(decodeEscape("\u001b[1;5P")).toEqual({ type: "key", name: "f1", ctrl: true, meta: false, shift: false });
    expect(decodeEscape("\u001b[1;5S")).toMatchObject({ name: "f4", ctrl: true });
    expect(decodeEscape("\u001b[15;2~")).toMatchObject({ name: "f5", shift: true });
  });

  it("reports device-status replies and unknown CSI sequences as unknown, not as a key (issue 6)", () => {
    for (const sequence of ["\u001b[0n", "\u001b[5n", "\u001b[6n", "\u001b[?1;2c", "\u001b[99~", "\u001b[P", "\u001bOz", "\u001b[1;2;3A"]) {
      expect(decodeEscape(sequence)).toEqual({ type: "unknown", sequence });
    }
  });

  it("decodes arrows with xterm's modifier parameter and Alt+letter as ESC + letter", () => {
    expect(keyWord(decodeEscape("\u001b[A"))).toBe("up");
    expect(decodeEscape("\u001b[1;5D")).toMatchObject({ name: "left", ctrl: true });
    expect(decodeEscape("\u001b[1;3C")).toMatchObject({ name: "right", meta: true });
    expect(keyWord(decodeEscape("\u001bb"))).toBe("meta-b");
    expect(keyWord(decodeEscape("\u001b\u007f"))).toBe("meta-backspace");
    expect(keyWord(decodeEscape("\u001b."))).toBe("meta-.");
    expect(keyWord(decodeEscape("\u001b"))).toBe("escape");
    expect(keyWord(decodeEscape("\u001b[Z"))).toBe("tab");
  });
});

describe("decodeText", () => {
  it("splits typed text around control characters: Ctrl+A is 0x01, Enter CR, Backspace DEL", () => {
    expect(decodeText("ab\u0001c\r").map((k) => (k.type === "text" ? k.text : keyWord(k)))).toEqual(["ab", "ctrl-a", "c", "return"]);
    expect(decodeText("\u007f\u0008\t").map(keyWord)).toEqual(["backspace", "backspace", "tab"]);
    expect(decodeText("a\r\nb").map((k) => (k.type === "text" ? k.text : keyWord(k)))).toEqual(["a", "return", "b"]);
  });
});

describe("KeyDecoder", () => {
  it("joins a bracketed paste split over several events, escape sequences inside included", () => {
    expect(words(["x", "\u001b[200~", "kubectl get ", "\u001b[A", "pods\r\nnext", "\u001b[201~", "y"])).toEqual([
      "text:x",
      "paste",
      "text:y",
    ]);
    const decoder = new KeyDecoder();
    const keys = ["\u001b[200~", "a\r\nb", "\u001b", "[201~"].flatMap((e) => decoder.push(e));
    // ESC alone, then "[201~" as text: not an end marker, so the paste goes on.
    expect(keys).toEqual([]);
    expect(decoder.pasting()).toBe(true);
    expect(decoder.push("\u001b[201~")).toEqual([{ type: "paste", text: "a\nb\u001b[201~" }]);
  });

  it("refuses a paste over the limit whole rather than cutting it", () => {
    const decoder = new KeyDecoder(10);
    expect(["\u001b[200~", "0123456789", "abc", "\u001b[201~"].flatMap((e) => decoder.push(e))).toEqual([{ type: "paste-refused", length: 13 }]);
    expect(decoder.push("ok")).toEqual([{ type: "text", text: "ok" }]);
  });
});
