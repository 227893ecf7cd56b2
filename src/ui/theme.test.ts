// NO_COLOR (https://no-color.org): "when present and not an empty string, prevents the
// addition of ANSI color".
import { describe, expect, it } from "vitest";
import { createTheme } from "./theme.js";
import { textStyleFor } from "./StyledLineView.js";

describe("createTheme", () => {
  it("drops every colour when NO_COLOR is set and not empty", () => {
    const plain = createTheme({ NO_COLOR: "1" });
    expect([plain.accent, plain.pass, plain.fail, plain.muted, plain.text, plain.warn, plain.code]).toEqual(Array(7).fill(undefined));
    expect(plain.colored).toBe(false);
  });

  it("keeps colours when NO_COLOR is absent or empty", () => {
    expect(createTheme({}).pass).toBe("green");
    expect(createTheme({ NO_COLOR: "" }).fail).toBe("red");
  });

  it("still sets inline code apart without colour, by inverse video", () => {
    expect(textStyleFor("code", createTheme({ NO_COLOR: "1" }))).toEqual({ inverse: true });
    expect(textStyleFor("title", createTheme({ NO_COLOR: "1" }))).toEqual({ bold: true, underline: true });
  });
});
