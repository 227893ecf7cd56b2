#!/usr/bin/env node
// Regenerates src/sim/catalog/official-tags.json from a clone of docker-library/official-images:
// every tag each library/<name> file has listed over its git history (Docker Hub keeps old tags
// pullable), grouped as the newest file that lists a tag grouped it (one group = one image; its
// tags are aliases and share a digest). Windows-only images are left out: kadet's nodes are
// linux/amd64.
//   node src/sim/catalog/testdata/generate-catalog-tags.mjs /path/to/official-images > src/sim/catalog/official-tags.json
import { execFileSync } from "node:child_process";

/** About fifty of Docker Hub's most-pulled official images (hub.docker.com/search?badges=official, by pulls). */
const NAMES = [
  "alpine", "nginx", "busybox", "ubuntu", "python", "redis", "postgres", "node", "memcached", "httpd",
  "mongo", "mysql", "traefik", "mariadb", "docker", "rabbitmq", "hello-world", "openjdk", "golang", "registry",
  "wordpress", "debian", "centos", "php", "influxdb", "haproxy", "elasticsearch", "eclipse-mosquitto", "tomcat", "maven",
  "bash", "nextcloud", "sonarqube", "amazonlinux", "ghost", "kong", "zookeeper", "caddy", "cassandra", "adminer",
  "eclipse-temurin", "perl", "ruby", "gradle", "fedora", "rust", "solr", "nats", "telegraf", "kibana",
];

const repo = process.argv[2];
if (!repo) throw new Error("usage: generate-catalog-tags.mjs OFFICIAL_IMAGES_CLONE");
const git = (...args) => execFileSync("git", ["-C", repo, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
const head = git("rev-parse", "HEAD").trim();
const words = (text) => (text ?? "").split(/[\s,]+/).filter(Boolean);

/** The blocks (one image each) of one version of a library file, in both formats it has had. */
function blocksOf(text) {
  if (/^Tags:/m.test(text)) {
    return text.split(/\n\s*\n/).map((b) => ({
      tags: words(b.match(/^Tags:(.*)$/m)?.[1]),
      shared: words(b.match(/^SharedTags:(.*)$/m)?.[1]),
      windows: words(b.match(/^Architectures:(.*)$/m)?.[1] ?? "amd64").every((a) => a.startsWith("windows-")),
    })).filter((b) => b.tags.length + b.shared.length > 0);
  }
  // Before 2016: "tag: git://github.com/...@commit dir", one line per tag.
  const byImage = new Map();
  for (const line of text.split("\n")) {
    const m = line.match(/^([A-Za-z0-9_][A-Za-z0-9_.-]*):\s*((?:git|https?):\/\/\S+)\s*(\S*)/);
    if (!m) continue;
    const key = `${m[2]} ${m[3]}`;
    byImage.set(key, [...(byImage.get(key) ?? []), m[1]]);
  }
  return [...byImage.values()].map((tags) => ({ tags, shared: [], windows: false }));
}

const lines = [];
for (const name of NAMES) {
  const seen = new Set();
  const groups = [];
  const take = (tags) => {
    const fresh = tags.filter((t) => !seen.has(t));
    fresh.forEach((t) => seen.add(t));
    return fresh;
  };
  for (const commit of git("log", "--format=%H", "--", `library/${name}`).split("\n").filter(Boolean)) {
    let text;
    try {
      text = git("show", `${commit}:library/${name}`);
    } catch {
      continue; // the commit that deleted the file
    }
    const blocks = blocksOf(text);
    // A shared tag names a multi-platform list; it resolves on Linux when a Linux image carries it.
    for (const b of blocks) {
      const fresh = take(b.windows ? b.tags : [...b.tags, ...b.shared]);
      if (b.windows) take(b.shared.filter((t) => !blocks.some((o) => !o.windows && o.shared.includes(t))));
      else if (fresh.length > 0) groups.push(fresh);
    }
  }
  lines.push(`    ${JSON.stringify(name)}: ${JSON.stringify(groups.map((g) => g.join(" ")).join(","))}`);
  process.stderr.write(`${name}: ${seen.size} tags\n`);
}

// JSON, not a TS module: the file is read only when an official image is first looked up (tags.ts says why).
process.stdout.write(`{
  "generatedFrom": "docker-library/official-images@${head}",
  "tags": {
${lines.join(",\n")}
  }
}
`);
