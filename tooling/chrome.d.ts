// Code passed to page.evaluate() / worker.evaluate() runs in the extension, where `chrome` exists.
declare const chrome: typeof import('wxt/browser').browser;
