/**
 * What `etcdctl get` shows of an encrypted value: the transformer's prefix (k8s:enc:aescbc:v1:key1:),
 * then bytes that only the key can turn back into the object. kadet does no cryptography: the
 * bytes are a deterministic stand-in derived from the key, the prefix and the object (a new
 * write of changed data gives new bytes, the same state always the same ones), printable so
 * that a terminal survives them, and as long as the real ciphertext would be (aescbc: a 16-byte
 * IV and the data padded to 16-byte blocks; aesgcm: a 12-byte nonce and a 16-byte tag;
 * secretbox: a 24-byte nonce and a 16-byte tag).
 */
import { fakeDigest } from "../../core/digest.js";

/** Length of the real ciphertext for `plainLength` bytes under the provider named in `prefix`. */
export function cipherLength(prefix: string, plainLength: number): number {
  if (prefix.startsWith("k8s:enc:aescbc:")) return 16 + (Math.floor(plainLength / 16) + 1) * 16;
  if (prefix.startsWith("k8s:enc:aesgcm:")) return 12 + plainLength + 16;
  return 24 + plainLength + 16;
}

/** The value as etcd holds it: the prefix, then the opaque stand-in bytes. */
export function encryptedValue(key: string, prefix: string, plaintext: string): string {
  const length = cipherLength(prefix, Buffer.byteLength(plaintext, "utf8"));
  const seed = fakeDigest(`${prefix}\0${key}\0${plaintext}`);
  let bytes = "";
  for (let block = 0; bytes.length < length; block++) {
    const hex = fakeDigest(`${block}\0${seed}`);
    for (let i = 0; i + 2 <= hex.length && bytes.length < length; i += 2) {
      // 94 printable ASCII characters, '!' to '~'.
      bytes += String.fromCharCode(33 + (parseInt(hex.slice(i, i + 2), 16) % 94));
    }
  }
  return `${prefix}${bytes}`;
}
