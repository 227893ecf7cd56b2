/**
 * `diff -u` as GNU diffutils prints it, for `kubectl diff` (which runs `diff -u -N LIVE MERGED`):
 * a minimal edit script (Myers), the changed runs slid as GNU's shift_boundaries slides them
 * (analyze.c), then hunks with three lines of context, `@@ -a,b +c,d @@` headers in GNU's number
 * ranges, and changes two contexts apart joined into one hunk.
 */

/** The lines of a text; a final newline ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Which lines of `a` are deleted and which of `b` inserted, in one minimal edit script. */
function minimalChanges(a: readonly string[], b: readonly string[]): [boolean[], boolean[]] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Array<number>(2 * max + 3).fill(0);
  const trace: number[][] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  const changedA = new Array<boolean>(n).fill(false);
  const changedB = new Array<boolean>(m).fill(false);
  // Walk the trace back from the end, marking the deletion or insertion each step made.
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
    }
    if (prevK === k + 1) changedB[prevY] = true;
    else changedA[prevX] = true;
    x = prevX;
    y = prevY;
  }
  return [changedA, changedB];
}

/**
 * shift_boundaries (diffutils analyze.c): each run of changes slides back while the line before
 * it equals its last line, then forward while its first line equals the line after it, merging
 * with neighbouring runs; finally back to line up with a run of changes in the other file.
 */
function shiftBoundaries(lines: [readonly string[], readonly string[]], changed: [boolean[], boolean[]]): void {
  for (let f = 0; f < 2; f++) {
    const ch = changed[f]!;
    const other = changed[1 - f]!;
    const eq = lines[f]!;
    const c = (i: number) => i >= 0 && i < ch.length && ch[i]!;
    const o = (j: number) => j >= 0 && j < other.length && other[j]!;
    const end = ch.length;
    let i = 0;
    let j = 0;
    for (;;) {
      while (i < end && !c(i)) {
        while (o(j++));
        i++;
      }
      if (i === end) break;
      let start = i;
      while (c(++i));
      while (o(j)) j++;
      let runLength: number;
      let corresponding: number;
      do {
        runLength = i - start;
        while (start > 0 && eq[start - 1] === eq[i - 1]) {
          ch[--start] = true;
          ch[--i] = false;
          while (c(start - 1)) start--;
          while (o(--j));
        }
        corresponding = o(j - 1) ? i : end;
        while (i !== end && eq[start] === eq[i]) {
          ch[start++] = false;
          ch[i++] = true;
          while (c(i)) i++;
          while (o(++j)) corresponding = i;
        }
      } while (runLength !== i - start);
      while (corresponding < i) {
        ch[--start] = true;
        ch[--i] = false;
        while (o(--j));
      }
    }
  }
}

/** print_unidiff_number_range: "3" for one line, "3,4" for several, "2,0" (the line before) for none. */
function range(first: number, count: number): string {
  if (count === 0) return `${first},0`;
  if (count === 1) return `${first + 1}`;
  return `${first + 1},${count}`;
}

const CONTEXT = 3;

/** The hunks of `diff -u` between two texts ("" when they are the same). */
export function unifiedHunks(aText: string, bText: string): string {
  const a = splitLines(aText);
  const b = splitLines(bText);
  const changed = minimalChanges(a, b);
  shiftBoundaries([a, b], changed);
  const [ca, cb] = changed;
  // The edit script as aligned steps: " " both, "-" a only, "+" b only.
  const steps: { op: " " | "-" | "+"; ai: number; bi: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && ca[i]) steps.push({ op: "-", ai: i++, bi: j });
    else if (j < b.length && cb[j]) steps.push({ op: "+", ai: i, bi: j++ });
    else steps.push({ op: " ", ai: i++, bi: j++ });
  }
  let out = "";
  let s = 0;
  while (s < steps.length) {
    if (steps[s]!.op === " ") {
      s++;
      continue;
    }
    // A hunk: from CONTEXT steps before this change to CONTEXT after the last change that is
    // no more than 2*CONTEXT unchanged steps from the one before it.
    const from = Math.max(0, s - CONTEXT);
    let last = s;
    let k = s;
    while (k < steps.length) {
      if (steps[k]!.op !== " ") last = k;
      else if (k - last > 2 * CONTEXT) break;
      k++;
    }
    const to = Math.min(steps.length, last + 1 + CONTEXT);
    const slice = steps.slice(from, to);
    const aStart = slice[0]!.ai;
    const bStart = slice[0]!.bi;
    const aCount = slice.filter((x) => x.op !== "+").length;
    const bCount = slice.filter((x) => x.op !== "-").length;
    out += `@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@\n`;
    // Within a change, GNU prints every deleted line before the inserted ones.
    let p = 0;
    while (p < slice.length) {
      if (slice[p]!.op === " ") {
        out += ` ${a[slice[p]!.ai]}\n`;
        p++;
        continue;
      }
      let q = p;
      while (q < slice.length && slice[q]!.op !== " ") q++;
      for (const x of slice.slice(p, q)) if (x.op === "-") out += `-${a[x.ai]}\n`;
      for (const x of slice.slice(p, q)) if (x.op === "+") out += `+${b[x.bi]}\n`;
      p = q;
    }
    s = to;
  }
  return out;
}
