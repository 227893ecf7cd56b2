/**
 * A container's files for the docker commands that touch them (`exec`,
 * `cp`, a web server answering): the model's ContainerFs for the root file
 * system, volumes and tmpfs, and the learner's real folder for bind mounts
 * (the model is pure, so that I/O happens here, through the family's file
 * access). Paths are absolute inside the container.
 */
import { posix } from "node:path";
import type { FamilyContext } from "../types.js";
import type { DockerDaemon } from "../../sim/docker/daemon.js";
import type { DockerContainer } from "../../sim/docker/containers.js";
import { imageFiles, type Image } from "../../sim/docker/image.js";
import { ContainerFs, EMPTY_BASE_FOLDERS, READ_ONLY, type Entry, type Location } from "../../sim/docker/container-fs.js";

export type WriteResult = { ok: true } | { ok: false; error: string };

export class ContainerFiles {
  readonly fs: ContainerFs;

  constructor(
    daemon: DockerDaemon,
    readonly container: DockerContainer,
    private readonly family: FamilyContext,
  ) {
    this.image = daemon.engine.images.get(container.imageId);
    this.fs = new ContainerFs(container, this.image, daemon.volumes);
  }

  private readonly image: Image | undefined;

  locate(path: string): Location {
    return this.fs.locate(path);
  }

  async entry(path: string): Promise<Entry> {
    const loc = this.fs.locate(path);
    if (loc.kind !== "bind") return this.fs.entry(loc);
    if ((await this.family.readDir(loc.hostPath)) !== undefined) return { type: "dir" };
    const content = await this.family.readFile(loc.hostPath);
    return content === undefined ? undefined : { type: "file", content };
  }

  async names(path: string): Promise<string[]> {
    const loc = this.fs.locate(path);
    if (loc.kind !== "bind") return this.fs.names(loc);
    return (await this.family.readDir(loc.hostPath)) ?? [];
  }

  /** Whether a folder exists to create `path` in. */
  async parentExists(path: string): Promise<boolean> {
    const parent = posix.dirname(path);
    return parent === "/" || (await this.entry(parent))?.type === "dir";
  }

  async writeFile(path: string, content: string): Promise<WriteResult> {
    const loc = this.fs.locate(path);
    if (loc.kind !== "bind") return this.fs.write(loc, content);
    if (!loc.mount.rw) return { ok: false, error: READ_ONLY };
    const written = await this.family.writeFile(loc.hostPath, content);
    return written.ok ? { ok: true } : { ok: false, error: written.error };
  }

  async mkdir(path: string): Promise<WriteResult> {
    const loc = this.fs.locate(path);
    if (loc.kind !== "bind") return this.fs.write(loc, undefined);
    if (!loc.mount.rw) return { ok: false, error: READ_ONLY };
    // The family can write files, not bare folders: a folder on a bind mount appears with its first file.
    return { ok: true };
  }

  async remove(path: string): Promise<WriteResult> {
    const loc = this.fs.locate(path);
    if (loc.kind !== "bind") return this.fs.remove(loc);
    if (!loc.mount.rw) return { ok: false, error: READ_ONLY };
    return { ok: false, error: "kadet: removing files of a bind mount (the learner's own folder) from inside a container is not simulated yet" };
  }

  /**
   * Whether the model knows what lies at a path: anything under a mount, or a
   * root-file-system path whose folder the model holds completely (made by the
   * build or by the container). The catalog images' own files are known only
   * in part, so "No such file" about them would be a guess.
   */
  knows(path: string): boolean {
    return this.fs.locate(path).kind !== "rootfs" || this.knowsFolder(posix.dirname(path));
  }

  knowsFolder(path: string): boolean {
    if (this.fs.locate(path).kind !== "rootfs") return true;
    if (path === "/") return false;
    const k = `${path.slice(1)}/`;
    if (this.container.catalogRepository !== undefined && EMPTY_BASE_FOLDERS.has(path.slice(1).split("/")[0]!)) return true;
    const image = this.image;
    const built = image ? imageFiles(image) : new Map<string, string>();
    return built.has(k) || this.container.upper[k] !== undefined || [...built.keys()].some((p) => p.startsWith(k));
  }

  /** Every file under a folder, as paths relative to it (for `docker cp` of a folder). */
  async walk(path: string): Promise<{ rel: string; content: string }[]> {
    const out: { rel: string; content: string }[] = [];
    const visit = async (abs: string, rel: string) => {
      const e = await this.entry(abs);
      if (e?.type === "file") out.push({ rel, content: e.content });
      else if (e?.type === "dir") for (const name of await this.names(abs)) await visit(posix.join(abs, name), rel === "" ? name : `${rel}/${name}`);
    };
    await visit(path, "");
    return out;
  }
}
