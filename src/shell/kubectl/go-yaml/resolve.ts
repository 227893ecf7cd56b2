/**
 * go-yaml v2's resolve.go for plain scalars, where it differs from the YAML
 * 1.2 core schema the `yaml` package uses: YAML 1.1 booleans (`yes`, `on`,
 * `n`...; `labels: {enabled: yes}` is a bool to kubectl) and integers read by
 * strconv.ParseInt(s, 0, 64) after dropping every `_` (`017` is octal 15,
 * `0b101` is 5, `-0x1F` and `1_000` are numbers). Passed to the `yaml`
 * package as custom tags, ahead of its own.
 */
import type { ScalarTag, Tags } from "yaml";

const TRUE = ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"];
const FALSE = ["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"];

const goBool: ScalarTag = {
  identify: (value) => typeof value === "boolean",
  default: true,
  tag: "tag:yaml.org,2002:bool",
  test: new RegExp(`^(?:${[...TRUE, ...FALSE].join("|")})$`),
  resolve: (text) => TRUE.includes(text),
};

/** Only the forms the core schema reads otherwise; plain decimals stay with it. */
const GO_ONLY_INT = /^[-+]?(?:0[bB][01_]+|0[oO][0-7_]+|0[xX][0-9a-fA-F_]+|0[0-7_]+|[0-9][0-9]*_[0-9_]*)$/;

const goInt: ScalarTag = {
  identify: (value) => typeof value === "number" && Number.isInteger(value),
  default: true,
  tag: "tag:yaml.org,2002:int",
  test: GO_ONLY_INT,
  resolve: (text) => {
    const plain = text.replace(/_/g, "");
    const sign = plain.startsWith("-") ? -1 : 1;
    const body = plain.replace(/^[-+]/, "");
    const prefixed = /^0([bBoOxX])(.+)$/.exec(body);
    const [digits, radix] = prefixed
      ? [prefixed[2]!, { b: 2, o: 8, x: 16 }[prefixed[1]!.toLowerCase() as "b" | "o" | "x"]]
      : body.length > 1 && body.startsWith("0")
        ? [body.slice(1), 8]
        : [body, 10];
    const value = [...digits].reduce((n, d) => n * radix + parseInt(d, radix), 0);
    // Not a Go integer after all (`0x`): go-yaml keeps it a string.
    return Number.isFinite(value) ? sign * value : text;
  },
};

export const goYamlTags = (tags: Tags): Tags => [goBool, goInt, ...tags];
