/** `--field-selector` as kubectl passes it to the server (get, delete, label, ...). */
/** A field selector (`status.phase=Running,spec.nodeName!=node01`) as requirements. */
export function parseFieldSelector(text: string): { field: string; op: "=" | "!="; value: string }[] | string {
  const out: { field: string; op: "=" | "!="; value: string }[] = [];
  for (const part of text.split(",")) {
    if (part.trim() === "") continue;
    const m = part.match(/^([^=!]+)(==|=|!=)(.*)$/);
    if (!m) return `invalid selector: '${text}'; can't understand '${part}'`;
    out.push({ field: m[1]!.trim(), op: m[2] === "!=" ? "!=" : "=", value: m[3]!.trim() });
  }
  return out;
}
