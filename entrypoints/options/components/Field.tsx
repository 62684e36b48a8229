import { t } from '@/lib/i18n';
import { UrlText } from './UrlText';

export interface FieldProps {
  id: string;
  label: string;
  hint: string;
  value: string;
  /** Set by an administrator: read-only. */
  locked: boolean;
  invalid: boolean;
  onInput: (value: string) => void;
}

export function Field({ id, label, hint, value, locked, invalid, onInput }: FieldProps) {
  return (
    <div>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        type="text"
        spellcheck={false}
        autocomplete="off"
        value={value}
        readOnly={locked}
        aria-invalid={invalid}
        aria-describedby={`${id}-hint`}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      <p class="hint" id={`${id}-hint`}>
        <UrlText text={locked ? t('options_locked') : hint} />
      </p>
    </div>
  );
}
