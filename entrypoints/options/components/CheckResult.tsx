import { useEffect, useRef } from 'preact/hooks';
import { ACCESS_SEVERITY, ENDPOINTS_SEVERITY, otherAccessOf, summarizeCheck, type CheckReport } from '@/lib/check-report';
import { t } from '@/lib/i18n';
import { CheckLineItem } from './CheckLineItem';
import { UrlText } from './UrlText';

export interface CheckResultProps {
  report: CheckReport;
  /** A field changed since this check: the report may no longer hold. */
  stale: boolean;
  /** The one click that takes the issuer the provider declares (B2C's differs from its authority). */
  onUseIssuer: (issuer: string) => void;
}

/**
 * What "Check" found, as a checklist in plain words: text only, nothing from the provider becomes
 * markup. It scrolls into view when it appears (the page's live region announces its summary).
 */
export function CheckResult({ report, stale, onUseIssuer }: CheckResultProps) {
  const section = useRef<HTMLElement>(null);
  useEffect(() => section.current?.scrollIntoView({ block: 'start' }), [report]);
  const { issuer } = report;
  return (
    <section ref={section} class="check" data-testid="check-result" aria-labelledby="check-heading">
      <h2 id="check-heading">{t('options_check')}</h2>
      <p data-testid="check-summary">{summarizeCheck(report)}</p>
      {stale && (
        <p class="stale" data-testid="check-stale">
          {t('check_stale')}
        </p>
      )}
      <ul class="report">
        {report.problems.map((line) => (
          <CheckLineItem key={line.message} severity={line.severity} testId="check-problem">
            <UrlText text={line.message} />
          </CheckLineItem>
        ))}
        {report.discovery && (
          <CheckLineItem severity={report.discovery.severity} testId="check-discovery">
            <UrlText text={report.discovery.message} />
          </CheckLineItem>
        )}
        {issuer && (
          <CheckLineItem severity={issuer.severity} testId="check-issuer">
            <UrlText text={issuer.message} />{' '}
            {issuer.suggestion && (
              <button type="button" onClick={() => onUseIssuer(issuer.suggestion!)}>
                {t('options_use_issuer')}
              </button>
            )}
          </CheckLineItem>
        )}
        {report.endpoints && report.endpoints.length > 0 && (
          <CheckLineItem severity={ENDPOINTS_SEVERITY} testId="check-endpoints">
            {t('options_endpoints')}
            <ul>
              {report.endpoints.map((endpoint) => (
                <li key={endpoint.name}>
                  {endpoint.name}:{' '}
                  <code>
                    <UrlText text={endpoint.url} />
                  </code>
                </li>
              ))}
            </ul>
          </CheckLineItem>
        )}
        {report.flows?.map((line) => (
          <CheckLineItem key={line.message} severity={line.severity} testId="check-flow">
            <UrlText text={line.message} />
          </CheckLineItem>
        ))}
        {report.warnings.map((line) => (
          <CheckLineItem key={line.code} severity={line.severity} testId="check-warning" code={line.code}>
            <UrlText text={line.message} />
          </CheckLineItem>
        ))}
        {report.apiAccess?.map((line) => (
          <CheckLineItem key={line.api} severity={ACCESS_SEVERITY} testId="check-api-access">
            <UrlText text={line.message} />
          </CheckLineItem>
        ))}
        {otherAccessOf(report).length > 0 && (
          <CheckLineItem severity={ACCESS_SEVERITY} testId="check-access">
            <UrlText text={t('options_check_access', otherAccessOf(report).join(', '))} />
          </CheckLineItem>
        )}
        <CheckLineItem severity={report.redirect.severity} testId="check-redirect">
          <RedirectUri message={report.redirect.message} uri={report.redirect.uri} uriTestId="redirect-uri" />
        </CheckLineItem>
        {report.redirectRegistered && (
          <CheckLineItem severity={report.redirectRegistered.severity} testId="check-redirect-registered">
            <RedirectUri message={report.redirectRegistered.message} uri={report.redirect.uri} />
          </CheckLineItem>
        )}
      </ul>
    </section>
  );
}

interface RedirectUriProps {
  readonly message: string;
  readonly uri: string;
  readonly uriTestId?: string;
}

/** A line's words, then the redirect URI and "Copy". */
function RedirectUri({ message, uri, uriTestId }: RedirectUriProps) {
  return (
    <>
      <UrlText text={message} />{' '}
      <code data-testid={uriTestId}>
        <UrlText text={uri} />
      </code>{' '}
      <button type="button" onClick={() => void navigator.clipboard.writeText(uri)}>
        {t('options_copy')}
      </button>
    </>
  );
}
