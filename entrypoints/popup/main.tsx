import { render } from 'preact';
import { localizeDocument } from '@/lib/i18n';
import { App } from './App';

localizeDocument(document, 'popup_title');

render(<App />, document.getElementById('app')!);
