// The popup and provider page drivers live in tooling/popup.ts, which `npm run demo` and
// `npm run bench` use too; the e2e tests import them from here.
export * from '../../../tooling/popup';
