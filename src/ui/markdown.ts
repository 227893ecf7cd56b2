/**
 * The screens' Markdown and styled rows. The renderer lives in src/content so that
 * `kadet exercise ID` (src/cli, which must not load the UI) prints tasks the same way.
 */
export * from "../content/markdown.js";
