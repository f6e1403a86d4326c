// Starts a page: language and direction from the browser's UI locale, title, and the root component.
import { type ComponentType, render } from 'preact';
import { t } from '../platform/client.ts';

export function mountPage(App: ComponentType, titleMessage: string): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('The page has no #app element to render into.');
  const locale = t('@@ui_locale');
  if (locale) document.documentElement.lang = locale.replace('_', '-');
  const dir = t('@@bidi_dir');
  if (dir === 'rtl' || dir === 'ltr') document.documentElement.dir = dir;
  document.title = t(titleMessage);
  render(<App />, root);
}
