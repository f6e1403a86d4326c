// The on-page badge: a small mark at the top-left corner of credentialed (and, if enabled, AI-derived)
// media, drawn in a closed shadow root so the page can neither read nor restyle it. It is only a hint —
// a page can draw look-alikes — so a click opens the extension's own view, which is authoritative.
import type { OverlayHint } from '../platform/messages.ts';

const SIZE = 22;
const STYLE = `
  :host { all: initial; }
  .layer { position: absolute; top: 0; left: 0; width: 0; height: 0; z-index: 2147483646; }
  button {
    position: absolute; display: flex; align-items: center; justify-content: center;
    width: ${SIZE}px; height: ${SIZE}px; padding: 0; margin: 0; border: 2px solid #fff; border-radius: 50%;
    font: 700 12px/1 system-ui, sans-serif; color: #fff; cursor: pointer;
    box-shadow: 0 1px 3px rgba(0,0,0,.45);
  }
  button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 1px; }
  .verified { background: #1d6b3f; } .untrusted, .recovered { background: #8a5300; }
  .invalid { background: #b3261e; } .ai { background: #6a3ea1; } .other { background: #5f6368; }
`;

function look(hint: OverlayHint): { glyph: string; tone: string; words: string } {
  if (hint.trust === 'invalid')
    return { glyph: '!', tone: 'invalid', words: 'Content Credentials fail validation' };
  if (hint.aiDerived === true)
    return { glyph: 'AI', tone: 'ai', words: 'AI-derived, per its credentials or metadata' };
  if (hint.trust === 'verified')
    return { glyph: 'cr', tone: 'verified', words: 'Content Credentials from a trusted signer' };
  if (hint.trust === 'untrusted' || hint.trust === 'recovered') {
    return { glyph: 'cr', tone: hint.trust, words: 'Content Credentials from a signer not on a trust list' };
  }
  return { glyph: 'i', tone: 'other', words: 'Provenance information' };
}

export interface Overlay {
  show(badges: { element: Element; hint: OverlayHint }[]): void;
  clear(): void;
}

export function createOverlay(onOpen: (src: string) => void): Overlay {
  let host: HTMLElement | undefined;
  let layer: HTMLElement | undefined;
  let placed: { element: Element; button: HTMLButtonElement }[] = [];
  let frame = 0;

  const ensure = (): HTMLElement => {
    if (layer && host?.isConnected) return layer;
    host = document.createElement('provenance-lens-overlay');
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    layer = document.createElement('div');
    layer.className = 'layer';
    root.append(style, layer);
    document.documentElement.append(host);
    return layer;
  };

  const position = () => {
    frame = 0;
    for (const { element, button } of placed) {
      const box = element.getBoundingClientRect();
      const visible = element.isConnected && box.width >= SIZE && box.height >= SIZE / 2;
      button.hidden = !visible;
      if (!visible) continue;
      // Top-left corner: media controls sit at the bottom; audio bars get the mark just above them.
      const top = element.localName === 'audio' ? box.top - SIZE - 2 : box.top + 4;
      button.style.left = `${Math.round(box.left + window.scrollX + 4)}px`;
      button.style.top = `${Math.round(top + window.scrollY)}px`;
    }
  };
  const schedule = () => {
    if (!frame && placed.length > 0) frame = requestAnimationFrame(position);
  };
  window.addEventListener('scroll', schedule, { passive: true, capture: true });
  window.addEventListener('resize', schedule, { passive: true });

  return {
    show(badges) {
      const target = ensure();
      target.replaceChildren();
      placed = badges.map(({ element, hint }) => {
        const { glyph, tone, words } = look(hint);
        const button = document.createElement('button');
        button.type = 'button';
        button.className = tone;
        button.textContent = glyph;
        button.title = `${words}. Provenance Lens: click for details.`;
        button.setAttribute('aria-label', `${words}. Open details in Provenance Lens`);
        button.addEventListener('click', (event) => {
          event.preventDefault();
          event.stopPropagation();
          onOpen(hint.src);
        });
        target.append(button);
        return { element, button };
      });
      schedule();
    },
    clear() {
      placed = [];
      layer?.replaceChildren();
    },
  };
}
