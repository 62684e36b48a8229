import { createSignInClient } from 'mv3-signin/client';
import { english } from 'mv3-signin/en';

const client = createSignInClient({ words: english });
const $ = (id) => document.getElementById(id);

// Errors and the API's answer are shown as text (textContent), never as HTML.
function show(id, text) {
  $(id).textContent = text ?? '';
  $(id).hidden = !text;
}

function render(state) {
  document.body.dataset.status = state.busy ? 'busy' : state.signedIn ? 'signed-in' : 'signed-out';
  $('user').hidden = !state.signedIn;
  $('user-name').textContent = state.signedIn ? (state.user.name ?? state.user.email ?? '') : '';
  $('sign-in').hidden = state.signedIn || state.busy;
  $('call-api').hidden = $('sign-out').hidden = !state.signedIn;
  if (!state.signedIn) show('api-result');
  if (state.notice) show('error', state.notice.message);
}

// Runs one button's operation; its failure (a SignInError, already in words) shows as text.
async function run(operation) {
  show('error');
  try {
    await operation();
  } catch (error) {
    show('error', error.message);
  }
}

$('sign-in').onclick = () => run(() => client.signIn());
$('sign-out').onclick = () => run(() => client.signOut());
// The API's JSON answer (a failed call rejects with its reason: 401, 403, network…).
$('call-api').onclick = () => run(async () => show('api-result', JSON.stringify((await client.callApi()).body, null, 2)));

client.subscribe(render, (error) => show('error', error.message));
