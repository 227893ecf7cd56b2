/**
 * just-bash, loaded once. Its bundle reads `globalThis.Headers` when it is
 * evaluated (for its `curl`, which the sandbox does not offer), and in Node that
 * global is a lazy getter that loads all of undici: 30-50 ms of every cold
 * `kadet sandbox -c` for nothing. While the module evaluates, `Headers` reads as
 * undefined; the real getter is put back at once, so any later reader gets it.
 */
type JustBash = typeof import("just-bash");

let loading: Promise<JustBash> | undefined;

export function loadJustBash(): Promise<JustBash> {
  loading ??= importWithoutHeaders();
  return loading;
}

async function importWithoutHeaders(): Promise<JustBash> {
  const original = Object.getOwnPropertyDescriptor(globalThis, "Headers");
  if (original?.configurable) Object.defineProperty(globalThis, "Headers", { value: undefined, configurable: true, writable: true });
  try {
    return await import("just-bash");
  } finally {
    if (original?.configurable) Object.defineProperty(globalThis, "Headers", original);
  }
}
