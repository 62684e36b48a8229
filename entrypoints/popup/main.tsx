import { render } from 'preact';
import { localizeDocument } from '@/lib/i18n';
import { App } from './App';
import { openPopup } from './use-auth-state';

// The first questions go out before anything renders.
const client = openPopup();
localizeDocument(document, 'popup_title');
render(<App client={client} />, document.getElementById('app')!);
