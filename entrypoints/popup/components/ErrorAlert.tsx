import { useEffect, useRef } from 'preact/hooks';
import type { ErrorCode } from 'mv3-signin';

export interface ErrorAlertProps {
  message: string;
  code: ErrorCode;
}

/**
 * An error in plain words; it takes the focus when it appears (or changes), so a keyboard or
 * screen-reader user lands on it. Rendered as text: provider-supplied detail can never become markup.
 */
export function ErrorAlert({ message, code }: ErrorAlertProps) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), [message, code]);
  return (
    <p class="alert" role="alert" tabIndex={-1} ref={ref} data-testid="error" data-code={code}>
      {message}
    </p>
  );
}
