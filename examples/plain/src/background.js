/* global SIGNIN_SETTINGS -- the settings object build.js puts in (esbuild's define) */
import { createSignIn } from 'mv3-signin/background';
import { english } from 'mv3-signin/en';

// In the worker's first turn: it registers the listeners (messages, alarms, start-up) at once.
createSignIn({ settings: SIGNIN_SETTINGS, words: english });
