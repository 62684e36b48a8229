import { t } from '@/lib/i18n';
import type { ApiResult } from 'mv3-signin';

export interface ApiResponseProps {
  result: ApiResult;
}

/** The API's answer, formatted, as text only. */
export function ApiResponse({ result }: ApiResponseProps) {
  const text = typeof result.body === 'string' ? result.body : JSON.stringify(result.body, null, 2);
  return (
    <section>
      <h2>{t('popup_api_response', result.api, String(result.status))}</h2>
      <pre data-testid="api-result">{text}</pre>
    </section>
  );
}
