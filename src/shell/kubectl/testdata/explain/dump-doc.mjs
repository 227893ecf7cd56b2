// Writes the OpenAPI document fake-openapi.py serves: kadet's generated schemas and kind registry,
// read from the build (run `npm run build` first). Run: node dump-doc.mjs OUT.json
import { writeFileSync } from "node:fs";
const dist = new URL("../../../../../dist/src/", import.meta.url);
const { readFileSync } = await import("node:fs");
const OPENAPI_SCHEMAS_JSON = readFileSync(new URL("../../explain/openapi-schemas.json", import.meta.url), "utf8");
const { KINDS } = await import(new URL("sim/api/kinds.js", dist).href);
writeFileSync(process.argv[2], JSON.stringify({ ...JSON.parse(OPENAPI_SCHEMAS_JSON), registry: KINDS }));
