import type { ComponentChildren } from 'preact';
import type { Severity } from '@/lib/check-report';
import { t } from '@/lib/i18n';

export interface CheckLineItemProps {
  severity: Severity;
  testId: string;
  code?: string;
  children: ComponentChildren;
}

// Three shapes, so the verdict does not rest on colour: a cross, an exclamation mark, a tick.
const ICON_PATHS: Record<Severity, string> = {
  problem: 'M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13M5.5 5.5l5 5M10.5 5.5l-5 5',
  warning: 'M8 1.8L15 14.2H1ZM8 6.2v3.8M8 11.6v.9',
  ok: 'M2.5 8.5l3.5 3.5l7.5-8',
};

function SeverityIcon({ severity }: { severity: Severity }) {
  return (
    <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={ICON_PATHS[severity]} fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
    </svg>
  );
}

/** One line of the report: its verdict as an icon, a colour and a word, then what it says. */
export function CheckLineItem({ severity, testId, code, children }: CheckLineItemProps) {
  return (
    <li class="line" data-testid={testId} data-severity={severity} data-code={code}>
      <SeverityIcon severity={severity} />
      <div>
        <strong class="verdict">{t(`check_verdict_${severity}`)}</strong> <span class="line-text">{children}</span>
      </div>
    </li>
  );
}
