/**
 * Go's string order (`a < b`, sort.Strings, strings.Compare): bytes of UTF-8, which is
 * code-point order. `localeCompare` is not it: it puts "a" before "B" and ignores "-" vs ".",
 * so lists sorted by name would differ from kubectl's and the controllers' choices.
 */
export function compareBytes(a: string, b: string): number {
  // UTF-16 code units order like UTF-8 bytes except surrogates (U+10000 and up) against
  // U+E000–U+FFFF, so compare by code point.
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
