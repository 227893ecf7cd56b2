/**
 * Variable substitution in Dockerfile instructions (Dockerfile reference,
 * "Environment replacement"): `$name`, `${name}`, `${name:-word}` and
 * `${name:+word}`, with `\$` kept literal. The builder applies it to the
 * instructions the reference lists (ADD, COPY, ENV, EXPOSE, FROM, LABEL,
 * USER, VOLUME, WORKDIR), never to RUN, CMD or ENTRYPOINT, whose shell does it.
 */
export function expandVariables(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced?: string, op?: string, word?: string, bare?: string) => {
    if (match === "\\$") return "$";
    const name = (braced ?? bare)!;
    const value = vars.get(name);
    if (op === "-") return value ? value : (word ?? "");
    if (op === "+") return value ? (word ?? "") : "";
    return value ?? "";
  });
}
