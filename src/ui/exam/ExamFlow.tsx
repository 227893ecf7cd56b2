/**
 * The exams, from the home screen's "Exams" entry or `kadet exam start ID`: the list of
 * exams (as `kadet exam list` has them, with the run in progress), a confirmation before a
 * run starts its clock, the exam screen, and the report after submit. It owns its help
 * overlay, since its keys are its own (exam/keymap.ts).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { Box, Text } from "ink";
import type { ExamReport } from "../../exam/session.js";
import { Banner, Footer, TitleBar } from "../Chrome.js";
import { ExamScreen, type ExamTerminalKeep } from "../ExamScreen.js";
import { HelpOverlay } from "../HelpOverlay.js";
import { keyWord } from "../line-editor/keys.js";
import { SelectList, type ListRow } from "../SelectList.js";
import { theme } from "../theme.js";
import { confirmAnswer } from "../trainerKeys.js";
import { useKeys } from "../useKeys.js";
import { formatCountdown } from "./countdown.js";
import { EXAM_KEYS, EXAMS_FOOTER, EXAMS_LIST_KEYS, REPORT_KEYS } from "./keymap.js";
import type { ExamRun, ExamServices, RunInProgress } from "./ports.js";
import { ReportView } from "./ReportView.js";

/** Asked by `kadet exam start ID [--seed N] [--pausable]` in a terminal. */
export interface ExamStartRequest {
  examId: string;
  seed?: number;
  pausable?: boolean;
}

export interface ExamFlowProps {
  services: ExamServices | undefined;
  /** Opens this exam at once (resumed when it is the one in progress). */
  start?: ExamStartRequest;
  width: number;
  height: number;
  active: boolean;
  tickMs?: number;
  onBack: () => void;
  onQuit: () => void;
}

type View =
  | { name: "list"; selected?: string }
  | { name: "opening"; examId: string }
  | { name: "exam"; run: ExamRun }
  | { name: "report"; report: ExamReport; notices: string[]; examId: string };

/** Scrollback kept per run while the learner goes to the list and back. */
const kept = new WeakMap<ExamRun, ExamTerminalKeep>();

export function ExamFlow({ services, start, width, height, active, tickMs, onBack, onQuit }: ExamFlowProps) {
  const [view, setView] = useState<View>(start ? { name: "opening", examId: start.examId } : { name: "list" });
  const [helpOpen, setHelpOpen] = useState(false);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const started = useRef(false);

  const open = useCallback(
    async (examId: string, options: { seed?: number; pausable?: boolean } = {}) => {
      if (services === undefined) return;
      setView({ name: "opening", examId });
      try {
        const run = await services.open(examId, options);
        setMessage(undefined);
        setView({ name: "exam", run });
      } catch (error) {
        setMessage(error instanceof Error ? error.message : String(error));
        setView({ name: "list", selected: examId });
      }
    },
    [services],
  );

  useEffect(() => {
    if (start === undefined || started.current) return;
    started.current = true;
    void open(start.examId, { ...(start.seed !== undefined ? { seed: start.seed } : {}), ...(start.pausable ? { pausable: true } : {}) });
  }, [start, open]);

  const bindings = view.name === "exam" ? EXAM_KEYS : view.name === "report" ? REPORT_KEYS : EXAMS_LIST_KEYS;
  const title = view.name === "exam" ? "Exam" : view.name === "report" ? "Exam report" : "Exams";
  const inner = active && !helpOpen;

  let body;
  switch (view.name) {
    case "list":
      body = (
        <ExamList
          services={services}
          {...(view.selected !== undefined ? { selected: view.selected } : {})}
          message={message}
          width={width}
          height={height}
          active={inner}
          onOpen={(examId, pausable) => void open(examId, pausable ? { pausable: true } : {})}
          onReport={async (examId) => {
            const report = await services?.latestReport(examId);
            if (report === undefined) setMessage(`no report kept for ${examId} yet (reports are kept when an exam is submitted)`);
            else setView({ name: "report", report, notices: [], examId });
          }}
          onHelp={() => setHelpOpen(true)}
          onBack={onBack}
          onQuit={onQuit}
        />
      );
      break;
    case "opening":
      body = (
        <Box flexDirection="column" width={width} height={height}>
          <TitleBar title="Exams" width={width} />
          <Text color={theme.warn}>Preparing the exam&apos;s clusters ({view.examId})…</Text>
        </Box>
      );
      break;
    case "exam": {
      const run = view.run;
      let keep = kept.get(run);
      if (keep === undefined) {
        keep = { lines: [], history: [] };
        kept.set(run, keep);
      }
      body = (
        <ExamScreen
          key={run.runId}
          run={run}
          keep={keep}
          width={width}
          height={height}
          active={inner}
          {...(tickMs !== undefined ? { tickMs } : {})}
          onHelp={() => setHelpOpen(true)}
          onSubmitted={(result, reason) => {
            const notices = [
              ...(reason === "time-up" || result.report.reason === "time-up" ? ["Time ran out: the exam was submitted automatically."] : []),
              ...(result.notSaved !== undefined ? [result.notSaved] : [`The report is kept: kadet exam report ${result.report.examId}`]),
            ];
            setView({ name: "report", report: result.report, notices, examId: run.examId });
          }}
          onBack={() => setView({ name: "list", selected: run.examId })}
          onQuit={onQuit}
        />
      );
      break;
    }
    case "report":
      body = (
        <ReportView
          report={view.report}
          notices={view.notices}
          width={width}
          height={height}
          active={inner}
          onBack={() => setView({ name: "list", selected: view.examId })}
          onHelp={() => setHelpOpen(true)}
        />
      );
      break;
  }

  return (
    <Box flexDirection="column" width={width} height={height}>
      {helpOpen ? <HelpOverlay screen="home" keys={{ title, bindings }} width={width} height={height} onClose={() => setHelpOpen(false)} /> : null}
      {/* The screen stays mounted under the help, so the terminal and its run survive. */}
      <Box display={helpOpen ? "none" : "flex"} flexDirection="column">
        {body}
      </Box>
    </Box>
  );
}

interface ExamListProps {
  services: ExamServices | undefined;
  selected?: string;
  message: string | undefined;
  width: number;
  height: number;
  active: boolean;
  onOpen: (examId: string, pausable: boolean) => void;
  onReport: (examId: string) => void;
  onHelp: () => void;
  onBack: () => void;
  onQuit: () => void;
}

function ExamList({ services, selected, message, width, height, active, onOpen, onReport, onHelp, onBack, onQuit }: ExamListProps) {
  const exams = services?.list() ?? [];
  const [current, setCurrent] = useState(selected ?? exams[0]?.id);
  const [confirm, setConfirm] = useState<string | undefined>(undefined);
  const [progress, setProgress] = useState<RunInProgress | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  useEffect(() => {
    let alive = true;
    void services?.inProgress().then(
      (found) => {
        if (alive) setProgress(found);
      },
      (error: unknown) => {
        if (alive) setNotice(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      alive = false;
    };
  }, [services]);

  const inProgress = progress !== undefined && "examId" in progress ? progress : undefined;
  const choose = (examId: string): void => {
    const exam = exams.find((e) => e.id === examId);
    if (exam === undefined) return;
    if (inProgress?.examId === examId) return onOpen(examId, false);
    if (inProgress !== undefined) return setNotice(`${inProgress.examId} is in progress: resume it and submit it first`);
    if (exam.tasks === 0) return setNotice(`${exam.title} is not runnable yet: ${exam.description.replace(/\s+/g, " ")}`);
    setNotice(undefined);
    setConfirm(examId);
  };

  useKeys(
    (key) => {
      if (confirm !== undefined) {
        const word = keyWord(key);
        const examId = confirm;
        setConfirm(undefined);
        if (word === "p" || word === "P") onOpen(examId, true);
        else if (confirmAnswer(key) === "yes") onOpen(examId, false);
        return;
      }
      const word = keyWord(key);
      if (word === "?" || word === "f1") onHelp();
      else if (word === "ctrl-c") onQuit();
      else if (word === "r" && current !== undefined) onReport(current);
    },
    active,
  );

  const rows: ListRow[] = exams.map((e) => ({
    kind: "item",
    key: e.id,
    label: e.title,
    detail: inProgress?.examId === e.id ? `in progress · ${formatCountdown(inProgress.remainingMs)} left` : e.tasks === 0 ? "not runnable yet" : `${e.tasks} tasks · ${e.minutes} min · pass ${e.passPercent}%`,
  }));
  const chosen = exams.find((e) => e.id === current);
  const confirming = exams.find((e) => e.id === confirm);
  const warnings = [
    ...(services === undefined ? ["the exams could not be loaded"] : []),
    ...(message !== undefined ? [message] : []),
    ...(notice !== undefined ? [notice] : []),
    ...(progress !== undefined && "damaged" in progress ? [progress.damaged] : []),
  ];
  const listHeight = Math.max(1, Math.min(rows.length, height - 9 - warnings.length));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TitleBar title="Exams" detail="timed, graded at the end, as the CKA/CKAD are" width={width} />
      <Banner messages={warnings} width={width} />
      {confirming !== undefined ? (
        <Text color={theme.warn} bold wrap="wrap">
          Start {confirming.title}? {confirming.tasks} tasks, {confirming.minutes} minutes; the clock runs even while kadet is closed. (y/n, or p: start it pausable)
        </Text>
      ) : null}
      <Box flexDirection="column" flexShrink={0}>
        <SelectList
          rows={rows}
          width={Math.min(width, 100)}
          height={listHeight}
          active={active && confirm === undefined}
          onSelect={choose}
          onBack={onBack}
          {...(current !== undefined ? { initialKey: current } : {})}
          onMove={setCurrent}
        />
      </Box>
      <Text> </Text>
      {chosen !== undefined ? (
        <Box flexDirection="column" flexGrow={1} overflow="hidden">
          <Text color={theme.muted} wrap="wrap">
            {chosen.description.replace(/\s+/g, " ")}
          </Text>
          {chosen.underCovered.length > 0 ? (
            <Text color={theme.warn} wrap="wrap">
              Under-covered domains (kadet cannot test them fully yet): {chosen.underCovered.join(", ")}
            </Text>
          ) : null}
        </Box>
      ) : (
        <Box flexGrow={1} />
      )}
      <Footer text={EXAMS_FOOTER} width={width} />
    </Box>
  );
}
