/**
 * github.com/mitchellh/go-wordwrap v1.0.1 `WrapString`, which `kubectl explain`'s `wrap`
 * template function uses: breaks only at white space, a word longer than the limit stays whole,
 * and lengths count runes (not bytes, not display width).
 */

const NBSP = 0xa0;

/** unicode.IsSpace, for the runes Go counts as white space. */
function isSpace(cp: number): boolean {
  return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === NBSP || cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

export function wrapString(s: string, lim: number): string {
  let buf = "";
  let current = 0;
  let wordBuf = "";
  let spaceBuf = "";
  let wordBufLen = 0;
  let spaceBufLen = 0;
  for (const char of s) {
    const cp = char.codePointAt(0)!;
    if (char === "\n") {
      if (wordBuf.length === 0) {
        if (current + spaceBufLen > lim) current = 0;
        else {
          current += spaceBufLen;
          buf += spaceBuf;
        }
        spaceBuf = "";
        spaceBufLen = 0;
      } else {
        current += spaceBufLen + wordBufLen;
        buf += spaceBuf + wordBuf;
        spaceBuf = "";
        spaceBufLen = 0;
        wordBuf = "";
        wordBufLen = 0;
      }
      buf += char;
      current = 0;
    } else if (isSpace(cp) && cp !== NBSP) {
      if (spaceBuf.length === 0 || wordBuf.length > 0) {
        current += spaceBufLen + wordBufLen;
        buf += spaceBuf + wordBuf;
        spaceBuf = "";
        spaceBufLen = 0;
        wordBuf = "";
        wordBufLen = 0;
      }
      spaceBuf += char;
      spaceBufLen++;
    } else {
      wordBuf += char;
      wordBufLen++;
      if (current + spaceBufLen + wordBufLen > lim && wordBufLen < lim) {
        buf += "\n";
        current = 0;
        spaceBuf = "";
        spaceBufLen = 0;
      }
    }
  }
  if (wordBuf.length === 0) {
    if (current + spaceBufLen <= lim) buf += spaceBuf;
  } else {
    buf += spaceBuf + wordBuf;
  }
  return buf;
}
