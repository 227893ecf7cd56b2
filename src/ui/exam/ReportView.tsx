/**
 * The exam report on screen: score and pass/fail, the domains' bars with their weights, each
 * task's checks (observed vs expected and the cause), time per task, the replay of what was
 * typed with exit codes, and the reference solution, scrollable. Esc or q goes back.
 */
import { useMemo, useState } from "react";
import { Box, Text } from "ink";
import type { ExamReport } from "../../exam/session.js";
import { Footer, TitleBar } from "../Chrome.js";
import { keyWord } from "../line-editor/keys.js";
import { clampOffset, ScrollPane } from "../ScrollPane.js";
import { theme } from "../theme.js";
import { useKeys } from "../useKeys.js";
import { REPORT_FOOTER } from "./keymap.js";
import { reportLines } from "./reportLines.js";

export interface ReportViewProps {
  report: ExamReport;
  /** Said above the report: time ran out, the report could not be kept. */
  notices?: readonly string[];
  width: number;
  height: number;
  active: boolean;
  onBack: () => void;
  onHelp: () => void;
}

export function ReportView({ report, notices = [], width, height, active, onBack, onHelp }: ReportViewProps) {
  const [offset, setOffset] = useState(0);
  const lines = useMemo(() => reportLines(report, Math.max(20, width - 1)), [report, width]);
  const bodyHeight = Math.max(2, height - 3 - notices.length);
  const visible = lines.length > bodyHeight ? bodyHeight - 1 : bodyHeight;
  useKeys((key) => {
    const word = keyWord(key);
    const page = Math.max(1, visible - 1);
    const scroll = (to: (at: number) => number) => setOffset((at) => clampOffset(to(clampOffset(at, lines.length, visible)), lines.length, visible));
    if (word === "up" || word === "k") scroll((at) => at - 1);
    else if (word === "down" || word === "j") scroll((at) => at + 1);
    else if (word === "pageup") scroll((at) => at - page);
    else if (word === "pagedown" || word === " ") scroll((at) => at + page);
    else if (word === "home" || word === "g") scroll(() => 0);
    else if (word === "end" || word === "G") scroll(() => lines.length);
    else if (word === "escape" || word === "q") onBack();
    else if (word === "?" || word === "f1") onHelp();
  }, active);
  const verdict = `${report.passed ? "PASSED" : "NOT PASSED"} · ${report.percent}% (pass mark ${report.passPercent}%)`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TitleBar title={`Report: ${report.title}`} detail={`run ${report.runId}`} width={width} />
      <Text bold color={report.passed ? theme.pass : theme.fail} inverse={!theme.colored} wrap="truncate-end">
        {verdict}
      </Text>
      {notices.map((n, i) => (
        <Text key={i} color={theme.warn} wrap="truncate-end">
          ! {n}
        </Text>
      ))}
      <ScrollPane lines={lines} offset={clampOffset(offset, lines.length, visible)} height={bodyHeight} />
      <Footer text={REPORT_FOOTER} width={width} />
    </Box>
  );
}
