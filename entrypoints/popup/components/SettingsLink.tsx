import { browser } from 'wxt/browser';

export interface SettingsLinkProps {
  text: string;
}

/** Opens the options page (in a tab: the popup closes as it opens). */
export function SettingsLink({ text }: SettingsLinkProps) {
  return (
    <a
      href="/options.html"
      target="_blank"
      onClick={(event) => {
        event.preventDefault();
        void browser.runtime.openOptionsPage();
      }}
    >
      {text}
    </a>
  );
}
