import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { parseConfig } from './lib/config';
import { EXTENSION_KEY } from './server/local';

// See https://wxt.dev/api/config.html
export default defineConfig({
  // browser.* is webextension-polyfill's promise-based API in every browser.
  modules: ['@wxt-dev/webextension-polyfill'],
  // Chrome 120+: MV3 with every API used here; no transpiling down to older syntax.
  vite: () => ({ plugins: [preact()], build: { target: 'chrome120' } }),
  // Runs after WXT has loaded .env files into process.env, so a bad configuration fails the build
  // with an error that names the variable.
  manifest: () => {
    const config = parseConfig(process.env);
    return {
      name: 'B2C Sign-in',
      description: 'Sign in to Azure AD B2C, Entra External ID or any OpenID provider, and call a protected API.',
      // A fixed key keeps the extension id, and with it the redirect URI https://<id>.chromiumapp.org/, stable.
      key: process.env.WXT_EXTENSION_KEY?.trim() || EXTENSION_KEY,
      permissions: ['identity', 'storage', 'alarms'],
      host_permissions: config.origins.map((origin) => `${origin}/*`),
      action: { default_title: 'B2C Sign-in' },
    };
  },
});
