import type { ReactNode } from 'react';

/** Heading level of a state's title, so it fits the outline of the page around it. */
export type StateHeadingLevel = 1 | 2 | 3 | 4;

export interface LoadingStateProps {
  /** What is loading, announced to screen readers and shown beside the spinner. Defaults to "Loading…". */
  label?: string;
  /** Spinner size. Defaults to `medium`. */
  size?: 'small' | 'medium' | 'large';
  /** Class for the root element, merged last. */
  className?: string;
}

export interface EmptyStateProps {
  /** Short statement of what is empty, e.g. "No provisioning policies yet". */
  title: string;
  /** Why it is empty and what to do next. */
  description?: ReactNode;
  /** Decorative icon above the title; hidden from assistive technology. */
  icon?: ReactNode;
  /** The next step, usually a primary button ("Create policy"). */
  action?: ReactNode;
  /** Defaults to 2; use 1 when the state is the whole page. */
  headingLevel?: StateHeadingLevel;
  /** Class for the root element, merged last. */
  className?: string;
}

export interface ErrorStateProps {
  /** Defaults to "Something went wrong". */
  title?: string;
  /** What failed, in words for the reader. Never a stack trace. */
  message?: ReactNode;
  /**
   * The `innerError.request-id` of the failed response, shown so people can quote it to
   * support; support finds the request in the logs by it.
   */
  requestId?: string;
  /** How the id is introduced. Defaults to "Request ID"; e.g. "Error reference" for a server digest. */
  requestIdLabel?: string;
  /** Shows a retry button that calls it. */
  onRetry?: () => void;
  /** Defaults to "Try again". */
  retryLabel?: string;
  /** Defaults to 2. */
  headingLevel?: StateHeadingLevel;
  /** Class for the root element, merged last. */
  className?: string;
}
