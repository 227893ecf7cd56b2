/**
 * Keeps a rendering fault in one panel from taking the whole trainer down: the panel shows
 * what went wrong and the rest of the screen, including the learner's shell session (which
 * lives above the boundary), carries on.
 */
import { Component, type ReactNode } from "react";
import { Box, Text } from "ink";
import { theme } from "./theme.js";

export interface ErrorBoundaryProps {
  children: ReactNode;
  /** What the panel is, for the message ("the terminal output"). */
  label: string;
  /** When this value changes the boundary tries to render its children again. */
  resetKey?: unknown;
}

interface ErrorBoundaryState {
  error: Error | undefined;
  /** The resetKey in force when the error happened (boxed, since the key may be undefined). */
  failedAt: { key: unknown } | undefined;
}

/**
 * Error boundary must be a class component: React only offers `getDerivedStateFromError`
 * and `componentDidCatch` as class lifecycle methods; there is no hook for catching errors
 * thrown while rendering children. It catches render errors only: command execution is
 * asynchronous, so `useShell` catches its errors itself and prints them instead.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: undefined, failedAt: undefined };

  static getDerivedStateFromError(error: unknown): Partial<ErrorBoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: ErrorBoundaryState): Partial<ErrorBoundaryState> | null {
    // Remember which resetKey the failure happened under; a new key means new content to try.
    if (state.error === undefined) return null;
    if (state.failedAt === undefined) return { failedAt: { key: props.resetKey } };
    if (!Object.is(props.resetKey, state.failedAt.key)) return { error: undefined, failedAt: undefined };
    return null;
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    return (
      <Box flexDirection="column">
        <Text color={theme.fail} wrap="wrap">
          ! kadet could not draw {this.props.label}: {error.message}
        </Text>
        <Text color={theme.muted} wrap="wrap">
          Your session is intact; keep typing, or press Ctrl+L to clear the output.
        </Text>
      </Box>
    );
  }
}
