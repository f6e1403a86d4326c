// The top bar shared by every page: name, and links to the other extension pages.
import { t } from '../platform/client.ts';

type PageName = 'inspect' | 'options';

const LINKS: { page: PageName; href: string; message: string }[] = [
  { page: 'inspect', href: '../inspect/inspect.html', message: 'nav_inspect' },
  { page: 'options', href: '../options/options.html', message: 'nav_options' },
];

export function PageHeader({ current, title }: { current?: PageName; title?: string }) {
  return (
    <header class="page-header">
      <span class="brand">
        <svg class="brand-mark" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
          <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2" />
          <path d="M12.5 12.5 17 17" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" />
          <path d="m6 8.6 1.8 1.8L11.2 7" fill="none" stroke="currentColor" stroke-width="1.6" />
        </svg>
        <h1>{title ?? t('extName')}</h1>
      </span>
      <nav aria-label={t('nav_label')}>
        {LINKS.filter((link) => link.page !== current).map((link) => (
          <a key={link.page} class="nav-link" href={link.href} target="_blank" rel="noopener">
            {t(link.message)}
          </a>
        ))}
      </nav>
    </header>
  );
}
