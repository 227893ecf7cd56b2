/**
 * The task navigator's cells, laid out in rows across the width: each task's number, points
 * and status (○ unseen, ● seen, ⚑ flagged), the current one in brackets. A pure function, so
 * the screen knows how many rows it takes before drawing.
 */
import type { TaskStatus, TaskView } from "./ports.js";

export const STATUS_MARK: Record<TaskStatus, string> = { unseen: "○", seen: "●", flagged: "⚑" };

export interface NavigatorCell {
  number: number;
  text: string;
  status: TaskStatus;
  current: boolean;
}

export function navigatorRows(tasks: readonly TaskView[], current: number, width: number): NavigatorCell[][] {
  const labels = tasks.map((t) => `${STATUS_MARK[t.status]} ${t.number} ${t.points}p`);
  const cellWidth = Math.max(...labels.map((l) => l.length), 1) + 2;
  const perRow = Math.max(1, Math.floor(Math.max(1, width) / cellWidth));
  const cells = tasks.map((t, i) => {
    const label = labels[i]!;
    const framed = t.number === current ? `[${label}]` : ` ${label} `;
    return { number: t.number, text: framed.padEnd(cellWidth), status: t.status, current: t.number === current };
  });
  const rows: NavigatorCell[][] = [];
  for (let i = 0; i < cells.length; i += perRow) rows.push(cells.slice(i, i + perRow));
  return rows;
}
