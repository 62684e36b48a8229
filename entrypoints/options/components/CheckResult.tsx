import type { CheckReport } from '@/lib/check-report';
import { t } from '@/lib/i18n';

export interface CheckResultProps {
  report: CheckReport;
  /** The one click that takes the issuer the provider declares (B2C's differs from its authority). */
  onUseIssuer: (issuer: string) => void;
}

/** What "Check" found, in plain words, as text only: nothing from the provider becomes markup. */
export function CheckResult({ report, onUseIssuer }: CheckResultProps) {
  return (
    <section data-testid="check-result" aria-live="polite">
      <h2>{t('options_check')}</h2>
      <ul class="report">
        {report.problems.map((line) => (
          <li key={line.message} data-testid="check-problem">
            {line.message}
          </li>
        ))}
        {report.discovery && <li data-testid="check-discovery">{report.discovery.message}</li>}
        {report.issuer && (
          <li data-testid="check-issuer">
            {report.issuer.message}{' '}
            {report.issuer.suggestion && (
              <button type="button" onClick={() => onUseIssuer(report.issuer!.suggestion!)}>
                {t('options_use_issuer')}
              </button>
            )}
          </li>
        )}
        {report.endpoints && report.endpoints.length > 0 && (
          <li data-testid="check-endpoints">
            {t('options_endpoints')}
            <ul>
              {report.endpoints.map((endpoint) => (
                <li key={endpoint.name}>
                  {endpoint.name}: <code>{endpoint.url}</code>
                </li>
              ))}
            </ul>
          </li>
        )}
        {report.flows?.map((line) => (
          <li key={line.message} data-testid="check-flow">
            {line.message}
          </li>
        ))}
        {report.warnings.map((line) => (
          <li key={line.code} data-testid="check-warning" data-code={line.code}>
            {line.message}
          </li>
        ))}
        {report.needsHostAccess.length > 0 && (
          <li data-testid="check-access">{t('options_check_access', report.needsHostAccess.join(', '))}</li>
        )}
        <li data-testid="check-redirect">
          {report.redirect.message} <code data-testid="redirect-uri">{report.redirect.uri}</code>{' '}
          <button type="button" onClick={() => void navigator.clipboard.writeText(report.redirect.uri)}>
            {t('options_copy')}
          </button>
        </li>
        {report.redirectRegistered && (
          <li data-testid="check-redirect-registered" data-severity={report.redirectRegistered.severity}>
            {report.redirectRegistered.message} <code>{report.redirect.uri}</code>{' '}
            <button type="button" onClick={() => void navigator.clipboard.writeText(report.redirect.uri)}>
              {t('options_copy')}
            </button>
          </li>
        )}
      </ul>
    </section>
  );
}
