/**
 * `openssl` as the CKA's certificate tasks use it (OpenSSL 3.0): `genrsa`
 * writes a private key, `req -new` a certificate request for a `-subj`, and
 * `req`/`x509 -in F -noout` print what is in them. The files are kadet's
 * stand-ins (sim/api/auth/pem.ts): real PEM blocks the model reads back,
 * with no cryptography inside. Anything else says it is not simulated.
 */
import { posix } from "node:path";
import { decodePem, encodePem, fnv1a, type DistinguishedName, type KadetPem } from "../../sim/api/auth/pem.js";
import { failure, ok, type CommandFamily, type CommandResult, type FamilyContext } from "../types.js";
import { asn1Time, certificateText, onelineName, requestText } from "./text.js";

export const OPENSSL_VERSION = "OpenSSL 3.0.13 30 Jan 2024 (Library: OpenSSL 3.0.13 30 Jan 2024)";
/** The thread id openssl prefixes its error queue lines with; fixed so that runs are reproducible. */
const THREAD = "40F76101FF7E0000";

const notSimulated = (what: string, why = "") => failure(`kadet: 'openssl ${what}' is not simulated${why ? ` (${why})` : ""}`);

interface Options {
  values: Map<string, string>;
  switches: Set<string>;
  /** Switches in the order given: x509 prints its fields in that order. */
  order: string[];
  rest: string[];
}

/** openssl's option parsing: `-name value` for the options that take one, `-name` for the rest. */
function parseOptions(args: string[], withValue: ReadonlySet<string>, switches: ReadonlySet<string>, command: string): Options | CommandResult {
  const options: Options = { values: new Map(), switches: new Set(), order: [], rest: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("-") || arg === "-") {
      options.rest.push(arg);
      continue;
    }
    const name = arg.replace(/^--?/, "");
    if (withValue.has(name)) {
      const value = args[++i];
      if (value === undefined) return failure(`${command}: Option -${name} needs a value\n${command}: Use -help for summary.`);
      options.values.set(name, value);
    } else if (switches.has(name)) {
      options.switches.add(name);
      options.order.push(name);
    } else return failure(`${command}: Unknown option or message digest: ${name}\n${command}: Use -help for summary.`);
  }
  return options;
}

const isResult = (v: Options | CommandResult): v is CommandResult => "exitCode" in v;

/** The -subj syntax: `/type0=value0/type1=value1`, `\` escaping a character. */
function parseSubject(text: string): DistinguishedName | undefined {
  if (!text.startsWith("/")) return undefined;
  const pairs: [string, string][] = [];
  let current = "";
  const flush = () => {
    if (current === "") return true;
    const eq = current.indexOf("=");
    if (eq <= 0) return false;
    pairs.push([current.slice(0, eq), current.slice(eq + 1)]);
    current = "";
    return true;
  };
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) current += text[++i];
    else if (c === "/") {
      if (!flush()) return undefined;
    } else current += c;
  }
  return flush() ? pairs : undefined;
}

async function readInput(ctx: FamilyContext, path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return ctx.stdin;
  return ctx.readFile(path);
}

/** What openssl prints when a file named for reading is not there (BIO_new_file). */
function cannotOpen(path: string, what: string): CommandResult {
  return failure(
    `Can't open "${path}" for reading, No such file or directory\n${THREAD}:error:80000002:system library:BIO_new_file:No such file or directory:../crypto/bio/bss_file.c:67:calling fopen(${path}, r)\n${THREAD}:error:10000080:BIO routines:BIO_new_file:no such file:../crypto/bio/bss_file.c:75:\n${what}`,
  );
}

/** What the OSSL_STORE loader prints when a key or certificate file is not there. */
function cannotLoad(path: string, what: string, tail = ""): CommandResult {
  return failure(
    `Could not open file or uri for loading ${what} from ${path}\n${THREAD}:error:16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:../crypto/store/store_register.c:237:scheme=file\n${THREAD}:error:80000002:system library:file_open:No such file or directory:../providers/implementations/storemgmt/file_store.c:266:calling stat(${path})${tail ? `\n${tail}` : ""}`,
  );
}

async function writeOutput(ctx: FamilyContext, path: string | undefined, text: string, mode?: number): Promise<CommandResult | undefined> {
  if (path === undefined) return undefined;
  const written = await ctx.writeFile(path, text, mode);
  return written.ok ? undefined : failure(`Can't open "${path}" for writing, ${written.error}`);
}

/** A key id that depends only on where and when the key was made: the same commands give the same key. */
function newKeyId(ctx: FamilyContext, out: string | undefined, bits: number): string {
  const where = out === undefined ? "-" : posix.resolve(ctx.cwd, out);
  return `${fnv1a(`${where}|${bits}|${ctx.world.clock.now()}`)}${fnv1a(`${bits}|${where}`)}`;
}

function parseBits(text: string | undefined, command: string): number | CommandResult {
  if (text === undefined) return 2048;
  const bits = Number(text);
  if (!/^\d+$/.test(text) || bits < 512 || bits % 8 !== 0) return failure(`${command}: Invalid key size: ${text}`);
  return bits;
}

async function genrsa(args: string[], ctx: FamilyContext): Promise<CommandResult> {
  const parsed = parseOptions(args, new Set(["out", "passout", "f4", "primes"]), new Set(["3", "F4", "traditional", "quiet", "verbose"]), "genrsa");
  if (isResult(parsed)) return parsed;
  if (parsed.rest.length > 1) return failure("genrsa: Extra arguments given.\ngenrsa: Use -help for summary.");
  const bits = parseBits(parsed.rest[0], "genrsa");
  if (typeof bits !== "number") return bits;
  const out = parsed.values.get("out");
  const pem = encodePem({ type: "PRIVATE KEY", bits, keyId: newKeyId(ctx, out, bits) });
  const refused = await writeOutput(ctx, out, pem, 0o600);
  if (refused) return refused;
  return ok(out === undefined ? pem : "");
}

const REQ_VALUES = new Set(["key", "subj", "out", "in", "newkey", "keyout", "days", "config", "addext", "passin", "passout"]);
const REQ_SWITCHES = new Set(["new", "noout", "text", "subject", "nodes", "noenc", "verify", "x509", "pubkey", "batch", "sha256"]);

async function req(args: string[], ctx: FamilyContext): Promise<CommandResult> {
  const parsed = parseOptions(args, REQ_VALUES, REQ_SWITCHES, "req");
  if (isResult(parsed)) return parsed;
  const { values, switches } = parsed;
  if (switches.has("x509")) return notSimulated("req -x509", "kadet's clusters sign with their own CA; ask for a certificate with a CertificateSigningRequest");
  for (const name of ["config", "addext", "pubkey", "verify"]) {
    if (values.has(name) || switches.has(name)) return notSimulated(`req -${name}`);
  }
  let request: KadetPem | undefined;
  let stderr = "";
  if (switches.has("new") || values.has("newkey")) {
    const subj = values.get("subj");
    if (subj === undefined) return notSimulated("req -new without -subj", "openssl would ask for each field of the subject; give it with -subj \"/CN=jane/O=dev\"");
    const subject = parseSubject(subj);
    if (!subject) {
      return failure(`req: subject name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: '${subj}'`);
    }
    let key: KadetPem | undefined;
    if (values.has("newkey")) {
      const spec = values.get("newkey")!;
      const m = /^rsa(?::(\d+))?$/.exec(spec);
      if (!m) return notSimulated(`req -newkey ${spec}`, "kadet makes RSA keys only");
      if (!switches.has("nodes") && !switches.has("noenc")) return notSimulated("req -newkey without -nodes", "openssl would ask for a pass phrase to encrypt the key; add -nodes");
      const bits = parseBits(m[1], "req");
      if (typeof bits !== "number") return bits;
      const keyout = values.get("keyout") ?? "privkey.pem";
      key = { type: "PRIVATE KEY", bits, keyId: newKeyId(ctx, keyout, bits) };
      const refused = await writeOutput(ctx, keyout, encodePem(key), 0o600);
      if (refused) return refused;
      // The key's generation progress, then the line openssl writes before prompting (or not) for the subject.
      stderr = `${".+".repeat(20)}*${"+".repeat(30)}\n-----\n`;
    } else {
      const keyPath = values.get("key");
      if (keyPath === undefined) return notSimulated("req -new without -key or -newkey");
      const text = await ctx.readFile(keyPath);
      if (text === undefined) return cannotLoad(keyPath, "private key");
      key = decodePem(text);
      if (key?.type !== "PRIVATE KEY") return failure(`Could not read private key from ${keyPath}`);
    }
    request = { type: "CERTIFICATE REQUEST", subject, bits: key.bits, keyId: key.keyId };
  } else {
    const inPath = values.get("in");
    const text = await readInput(ctx, inPath);
    if (text === undefined) return cannotOpen(inPath!, "Unable to load X509 request");
    request = decodePem(text);
    if (request?.type !== "CERTIFICATE REQUEST") {
      return failure(`Unable to load X509 request\n${THREAD}:error:0480006C:PEM routines:get_name:no start line:../crypto/pem/pem_lib.c:760:Expecting: CERTIFICATE REQUEST`);
    }
  }
  let stdout = "";
  if (switches.has("text")) stdout += requestText(request);
  if (switches.has("subject")) stdout += `subject=${onelineName(request.subject)}\n`;
  const pem = encodePem(request);
  if (!switches.has("noout")) {
    const out = values.get("out");
    const refused = await writeOutput(ctx, out, pem);
    if (refused) return refused;
    if (out === undefined) stdout += pem;
  }
  return { stdout, stderr, exitCode: 0 };
}

const X509_FIELDS = ["text", "subject", "issuer", "dates", "startdate", "enddate", "serial"];

async function x509(args: string[], ctx: FamilyContext): Promise<CommandResult> {
  const parsed = parseOptions(args, new Set(["in", "out", "CA", "CAkey", "days", "extfile", "set_serial", "signkey", "inform", "outform"]), new Set([...X509_FIELDS, "noout", "req", "CAcreateserial", "checkend"]), "x509");
  if (isResult(parsed)) return parsed;
  const { values, switches } = parsed;
  if (switches.has("req") || values.has("CA") || values.has("signkey")) {
    return notSimulated("x509 -req", "kadet's clusters sign client certificates through a CertificateSigningRequest and kubectl certificate approve");
  }
  for (const name of ["inform", "outform", "checkend"]) if (values.has(name) || switches.has(name)) return notSimulated(`x509 -${name}`);
  const inPath = values.get("in");
  const text = await readInput(ctx, inPath);
  if (text === undefined) return cannotLoad(inPath!, "certificate", "Unable to load certificate");
  const cert = decodePem(text);
  if (cert?.type !== "CERTIFICATE") {
    const tail = `${THREAD}:error:1608010C:STORE routines:ossl_store_handle_load_result:unsupported:../crypto/store/store_result.c:149:`;
    return failure(`Could not read certificate from ${inPath ?? "<stdin>"}\n${tail}\nUnable to load certificate`);
  }
  let stdout = "";
  for (const field of parsed.order) {
    if (field === "text") stdout += certificateText(cert);
    else if (field === "subject") stdout += `subject=${onelineName(cert.subject)}\n`;
    else if (field === "issuer") stdout += `issuer=${onelineName(cert.issuer)}\n`;
    else if (field === "dates") stdout += `notBefore=${asn1Time(cert.notBefore)}\nnotAfter=${asn1Time(cert.notAfter)}\n`;
    else if (field === "startdate") stdout += `notBefore=${asn1Time(cert.notBefore)}\n`;
    else if (field === "enddate") stdout += `notAfter=${asn1Time(cert.notAfter)}\n`;
    else if (field === "serial") stdout += `serial=${cert.serial.toUpperCase().padStart(cert.serial.length + (cert.serial.length % 2), "0")}\n`;
  }
  if (!switches.has("noout")) {
    const pem = encodePem(cert);
    const out = values.get("out");
    const refused = await writeOutput(ctx, out, pem);
    if (refused) return refused;
    if (out === undefined) stdout += pem;
  }
  return ok(stdout);
}

const COMMANDS: Record<string, (args: string[], ctx: FamilyContext) => Promise<CommandResult>> = { genrsa, req, x509 };

export const opensslFamily: CommandFamily = {
  name: "openssl",
  run: async (args, ctx) => {
    const [command, ...rest] = args;
    if (command === undefined) return notSimulated("(interactive)", "give a command: genrsa, req or x509");
    if (command === "version") return ok(`${OPENSSL_VERSION}\n`);
    const run = COMMANDS[command];
    if (!run) return notSimulated(command, "kadet simulates genrsa, req, x509 and version");
    return run(rest, ctx);
  },
};
