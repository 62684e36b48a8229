import type { ErrorCode } from '@/lib/errors';

export interface ErrorAlertProps {
  message: string;
  code: ErrorCode;
}

/** An error in plain words. Rendered as text: provider-supplied detail can never become markup. */
export function ErrorAlert({ message, code }: ErrorAlertProps) {
  return (
    <p class="alert" role="alert" data-testid="error" data-code={code}>
      {message}
    </p>
  );
}
