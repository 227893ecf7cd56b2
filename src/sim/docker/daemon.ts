/**
 * The Docker daemon on the learner's host: whether it runs (`sim docker
 * on|off`), its image store and build cache (DockerEngine), and its
 * containers. It is the one interface the shell talks to, so it can move from
 * the Session to the Environment's hosts without the docker commands
 * changing. Its whole state snapshots to plain, versioned JSON.
 */
import { DockerEngine, type StepMemo } from "./build.js";
import { ContainerStore, type DockerContainer } from "./containers.js";
import type { HistoryEntry, Image, Layer } from "./image.js";
import { NetworkStore, type Network } from "./networks.js";
import { VolumeStore, type Volume } from "./volumes.js";

/** Bumped whenever the snapshot's shape changes; restore refuses other versions. */
export const DOCKER_SNAPSHOT_VERSION = 3;

/** The text the CLI prints when nothing listens on the socket (recorded: testdata/cases.json). */
export const DAEMON_NOT_RUNNING = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";

interface LayerJson {
  digest: string;
  changes: [string, string | null][];
  sizeBytes: number;
}
interface HistoryJson extends Omit<HistoryEntry, "layer"> {
  layer?: LayerJson;
}
interface ImageJson extends Omit<Image, "history"> {
  history: HistoryJson[];
}

export interface DockerDaemonSnapshot {
  snapshotVersion: number;
  running: boolean;
  images: ImageJson[];
  tags: [string, string][];
  buildCache: [string, { layer?: LayerJson; created: number; memo?: StepMemo }][];
  pulled: string[];
  /** Plain data already (the runtime's state machine is data). */
  containers: DockerContainer[];
  containersCreated: number;
  volumes: Volume[];
  anonymousVolumesCreated: number;
  networks: Network[];
  networksCreated: number;
}

export class DockerDaemon {
  running = true;
  engine: DockerEngine;
  containers: ContainerStore;
  volumes: VolumeStore;
  networks: NetworkStore;

  constructor(private readonly now: () => number) {
    this.engine = new DockerEngine(now);
    this.volumes = new VolumeStore(now);
    this.networks = new NetworkStore(now);
    this.containers = new ContainerStore(now, this.volumes, this.networks);
  }

  /** A fresh daemon: running, no images, no cache, no containers (`sim reset`). */
  reset(): void {
    this.engine = new DockerEngine(this.now);
    this.volumes = new VolumeStore(this.now);
    this.networks = new NetworkStore(this.now);
    this.containers = new ContainerStore(this.now, this.volumes, this.networks);
    this.running = true;
  }

  snapshot(): DockerDaemonSnapshot {
    const e = this.engine;
    return {
      snapshotVersion: DOCKER_SNAPSHOT_VERSION,
      running: this.running,
      images: [...e.images.values()].map(imageToJson),
      tags: [...e.tags],
      buildCache: [...e.buildCache].map(([key, step]) => [key, { created: step.created, ...(step.layer ? { layer: layerToJson(step.layer) } : {}), ...(step.memo ? { memo: structuredClone(step.memo) } : {}) }]),
      pulled: [...e.pulled],
      containers: structuredClone([...this.containers.containers.values()]),
      containersCreated: this.containers.created,
      volumes: structuredClone([...this.volumes.volumes.values()]),
      anonymousVolumesCreated: this.volumes.anonymousCreated,
      networks: structuredClone([...this.networks.networks.values()]),
      networksCreated: this.networks.created,
    };
  }

  /** Replaces this daemon's state with a snapshot's. */
  load(snapshot: DockerDaemonSnapshot): void {
    if (snapshot.snapshotVersion !== DOCKER_SNAPSHOT_VERSION) {
      throw new Error(`cannot restore a Docker snapshot of version ${snapshot.snapshotVersion} (this kadet reads version ${DOCKER_SNAPSHOT_VERSION})`);
    }
    const engine = new DockerEngine(this.now);
    for (const image of snapshot.images) engine.images.set(image.id, imageFromJson(image));
    for (const [ref, id] of snapshot.tags) engine.tags.set(ref, id);
    for (const [key, step] of snapshot.buildCache) engine.buildCache.set(key, { created: step.created, ...(step.layer ? { layer: layerFromJson(step.layer) } : {}), ...(step.memo ? { memo: structuredClone(step.memo) } : {}) });
    for (const ref of snapshot.pulled) engine.pulled.add(ref);
    const volumes = new VolumeStore(this.now);
    for (const v of structuredClone(snapshot.volumes)) volumes.volumes.set(v.name, v);
    volumes.anonymousCreated = snapshot.anonymousVolumesCreated;
    const networks = new NetworkStore(this.now);
    networks.networks.clear();
    for (const n of structuredClone(snapshot.networks)) networks.networks.set(n.name, n);
    networks.created = snapshot.networksCreated;
    const containers = new ContainerStore(this.now, volumes, networks);
    for (const c of structuredClone(snapshot.containers)) containers.containers.set(c.id, c);
    containers.created = snapshot.containersCreated;
    this.engine = engine;
    this.volumes = volumes;
    this.networks = networks;
    this.containers = containers;
    this.running = snapshot.running;
  }
}

function layerToJson(layer: Layer): LayerJson {
  return { digest: layer.digest, changes: [...layer.changes], sizeBytes: layer.sizeBytes };
}

function layerFromJson(layer: LayerJson): Layer {
  return { digest: layer.digest, changes: new Map(layer.changes), sizeBytes: layer.sizeBytes };
}

function imageToJson(image: Image): ImageJson {
  return { ...structuredClone({ ...image, history: [] }), history: image.history.map(({ layer, ...rest }) => ({ ...rest, ...(layer ? { layer: layerToJson(layer) } : {}) })) };
}

function imageFromJson(image: ImageJson): Image {
  return { ...image, history: image.history.map(({ layer, ...rest }) => ({ ...rest, ...(layer ? { layer: layerFromJson(layer) } : {}) })) };
}
