import path from "node:path";
import { describe, expect, it } from "vitest";
import { progressPaths, resolveDataDir } from "./paths.js";

// Folder rules: kadet's brief, and the XDG Base Directory Specification
// (https://specifications.freedesktop.org/basedir-spec/latest/): "If $XDG_DATA_HOME is either
// not set or empty, a default equal to $HOME/.local/share should be used" and "All paths set in
// these environment variables must be absolute. If an implementation encounters a relative path
// in any of these variables it should consider the path invalid and ignore it."
describe("resolveDataDir", () => {
  const home = "/home/learner";

  it("uses KADET_HOME before anything else", () => {
    expect(resolveDataDir({ env: { KADET_HOME: "/srv/kadet", XDG_DATA_HOME: "/xdg" }, platform: "linux", homedir: home })).toBe(
      "/srv/kadet",
    );
  });

  it("resolves a relative KADET_HOME from the working folder", () => {
    expect(resolveDataDir({ env: { KADET_HOME: "rel/dir" }, platform: "linux", homedir: home })).toBe(path.resolve("rel/dir"));
  });

  it("ignores an empty KADET_HOME", () => {
    expect(resolveDataDir({ env: { KADET_HOME: "" }, platform: "linux", homedir: home })).toBe("/home/learner/.local/share/kadet");
  });

  it("uses $XDG_DATA_HOME/kadet when XDG_DATA_HOME is absolute", () => {
    expect(resolveDataDir({ env: { XDG_DATA_HOME: "/xdg/data" }, platform: "linux", homedir: home })).toBe("/xdg/data/kadet");
  });

  it("treats an empty XDG_DATA_HOME as unset (XDG spec)", () => {
    expect(resolveDataDir({ env: { XDG_DATA_HOME: "" }, platform: "linux", homedir: home })).toBe("/home/learner/.local/share/kadet");
  });

  it("ignores a relative XDG_DATA_HOME (XDG spec: relative paths are invalid)", () => {
    expect(resolveDataDir({ env: { XDG_DATA_HOME: "data" }, platform: "linux", homedir: home })).toBe("/home/learner/.local/share/kadet");
  });

  it("defaults to ~/.local/share/kadet on Linux", () => {
    expect(resolveDataDir({ env: {}, platform: "linux", homedir: home })).toBe("/home/learner/.local/share/kadet");
  });

  it("defaults to ~/Library/Application Support/kadet on macOS", () => {
    expect(resolveDataDir({ env: {}, platform: "darwin", homedir: "/Users/learner" })).toBe(
      "/Users/learner/Library/Application Support/kadet",
    );
  });

  it("still honours XDG_DATA_HOME on macOS when it is set", () => {
    expect(resolveDataDir({ env: { XDG_DATA_HOME: "/xdg" }, platform: "darwin", homedir: "/Users/learner" })).toBe("/xdg/kadet");
  });

  it("defaults to %LOCALAPPDATA%\\kadet on Windows", () => {
    expect(resolveDataDir({ env: { LOCALAPPDATA: "C:\\Users\\l\\AppData\\Local" }, platform: "win32", homedir: "C:\\Users\\l" })).toBe(
      "C:\\Users\\l\\AppData\\Local\\kadet",
    );
  });
});

describe("progressPaths", () => {
  it("names every file beside progress.json", () => {
    const p = progressPaths("/data/kadet");
    expect(p.file).toBe("/data/kadet/progress.json");
    expect(p.backup).toBe("/data/kadet/progress.json.bak");
    expect(p.lock).toBe("/data/kadet/progress.lock");
    expect(p.tempFor(4242)).toBe("/data/kadet/progress.json.tmp-4242");
  });

  it("names a damaged file after the moment it was found, without ':' (not allowed on Windows)", () => {
    const p = progressPaths("/data/kadet");
    expect(p.corruptFor(p.file, new Date("2026-03-04T05:06:07.089Z"))).toBe(
      "/data/kadet/progress.json.corrupt-2026-03-04T05-06-07.089Z",
    );
  });
});
