/**
 * Semantic colour tokens for the terminal UI. Components ask for `theme.pass`, never for
 * "green", so the palette lives in one place and NO_COLOR (https://no-color.org) can turn
 * every colour off at once while keeping bold, underline and inverse, which are not colours.
 */

/** A colour Ink's `<Text color>` understands, or undefined for the terminal's default. */
export type ColorToken = string | undefined;

export interface Theme {
  /** Ordinary text. */
  readonly text: ColorToken;
  /** Titles, the selected item, the prompt: what the eye should find first. */
  readonly accent: ColorToken;
  /** A check that passed, a completed exercise. */
  readonly pass: ColorToken;
  /** A check that failed, a command that exited non-zero. */
  readonly fail: ColorToken;
  /** A check the grader could not evaluate; warnings such as a damaged progress file. */
  readonly warn: ColorToken;
  /** Secondary text: key hints, metadata, quotes. */
  readonly muted: ColorToken;
  /** Inline code and code blocks in Markdown. */
  readonly code: ColorToken;
  /** False when NO_COLOR is set: components then lean on symbols (✓ ✗ !) and inverse. */
  readonly colored: boolean;
}

const PALETTE: Theme = {
  text: undefined,
  accent: "cyan",
  pass: "green",
  fail: "red",
  warn: "yellow",
  muted: "gray",
  code: "magenta",
  colored: true,
};

const PLAIN: Theme = {
  text: undefined,
  accent: undefined,
  pass: undefined,
  fail: undefined,
  warn: undefined,
  muted: undefined,
  code: undefined,
  colored: false,
};

/** NO_COLOR disables colour when it is present and not empty, as no-color.org specifies. */
export function createTheme(env: Readonly<Record<string, string | undefined>>): Theme {
  const noColor = env["NO_COLOR"];
  return noColor !== undefined && noColor !== "" ? PLAIN : PALETTE;
}

export const theme: Theme = createTheme(process.env);
