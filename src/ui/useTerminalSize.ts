/**
 * The terminal's size in columns and rows, updated when the terminal is resized, so every
 * screen can lay itself out for the space it really has (kadet must work at 80×24).
 */
import { useEffect, useState } from "react";
import { useStdout } from "ink";

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** What we assume when the output is not a terminal and reports no size (80×24, the classic VT100). */
export const FALLBACK_SIZE: TerminalSize = { columns: 80, rows: 24 };

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState<TerminalSize>(() => measure(stdout));
  useEffect(() => {
    const onResize = (): void => setSize(measure(stdout));
    stdout.on("resize", onResize);
    onResize(); // the size may have changed between the first render and this effect
    return () => {
      stdout.off("resize", onResize);
    };
  }, [stdout]);
  return size;
}

function measure(stdout: NodeJS.WriteStream): TerminalSize {
  // A stream that is not a TTY reports undefined (or 0) for both.
  return {
    columns: stdout.columns > 0 ? stdout.columns : FALLBACK_SIZE.columns,
    rows: stdout.rows > 0 ? stdout.rows : FALLBACK_SIZE.rows,
  };
}
