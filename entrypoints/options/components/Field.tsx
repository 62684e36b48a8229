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

export interface SettingInputProps {
  id: string;
  value: string;
  readOnly: boolean;
  invalid: boolean;
  /** The ids of what describes it (its hint). */
  describedBy: string;
  onInput: (value: string) => void;
}

/** A setting's text box, as every field and every API row has it. */
export function SettingInput({ id, value, readOnly, invalid, describedBy, onInput }: SettingInputProps) {
  return (
    <input
      id={id}
      name={id}
      type="text"
      spellcheck={false}
      autocomplete="off"
      value={value}
      readOnly={readOnly}
      aria-invalid={invalid}
      aria-describedby={describedBy}
      onInput={(event) => onInput(event.currentTarget.value)}
    />
  );
}

export function Field({ id, label, hint, value, locked, invalid, onInput }: FieldProps) {
  return (
    <div>
      <label for={id}>{label}</label>
      <SettingInput id={id} value={value} readOnly={locked} invalid={invalid} describedBy={`${id}-hint`} onInput={onInput} />
      <p class="hint" id={`${id}-hint`}>
        <UrlText text={locked ? t('options_locked') : hint} />
      </p>
    </div>
  );
}
