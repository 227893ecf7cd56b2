/** The progress store's public surface: open it, record work, ask what to review. */
export { openProgress, type OpenProgressOptions, type OpenedProgress } from "./open.js";
export {
  ProgressStore,
  MAX_CHECK_TEXT_CHARS,
  type AttemptInput,
  type DueReview,
  type SkillItem,
  type ProgressSummary,
  type RecordedAttempt,
  type SaveResult,
  type TopicSummary,
} from "./store.js";
export { FsrsScheduler, DESIRED_RETENTION, gradeCheck, type GradeInputs, type ReviewGrade, type ReviewScheduler } from "./review.js";
export { resolveDataDir, progressPaths, PROGRESS_FILE_NAME, type DataDirInputs, type ProgressPaths } from "./paths.js";
export {
  CURRENT_SCHEMA_VERSION,
  ProgressDataSchema,
  emptyProgress,
  type Attempt,
  type CheckOutcome,
  type CommandLogEntry,
  type ExerciseProgress,
  type LessonProgress,
  type ProgressData,
  type SkillCard,
} from "./schema.js";
export { MIGRATIONS, migrateToCurrent, type Migration, type MigrationTable } from "./migrations.js";
export { AtomicProgressFileAdapter, writeFileAtomically, serializeProgress } from "./atomicFileAdapter.js";
export { isProcessAlive, type ProcessProbe } from "./lock.js";
