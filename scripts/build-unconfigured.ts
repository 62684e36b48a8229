/**
 * `npm run build:unconfigured` / `npm run build:unconfigured:firefox`: the extension with no WXT_*
 * configuration at all, whatever .env.local or the environment say, into .output/chrome-mv3 (or
 * firefox-mv3). Its popup offers "Set up" until the settings are saved in the options page or set
 * by policy.
 */
import { buildExtension, UNCONFIGURED } from '../tooling/build-extension';

const browser = process.argv[2] === 'firefox' ? 'firefox' : 'chrome';
const dir = await buildExtension('production', UNCONFIGURED, { browser, show: true });
console.log(`\nBuilt with no configuration: ${dir}. Set it up in its options page, or by policy (docs/options-and-policy.md).`);
