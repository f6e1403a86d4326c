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

/** The badges' listeners and layer go away when `signal` aborts. */
export function createOverlay(onOpen: (src: string) => void, signal?: AbortSignal): Overlay {
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

  // Reads every box first, then writes: interleaving them would force a layout per badge.
  const position = () => {
    frame = 0;
    const boxes = placed.map(({ element }) =>
      element.isConnected ? element.getBoundingClientRect() : undefined,
    );
    const { scrollX, scrollY } = window;
    placed.forEach(({ element, button }, i) => {
      const box = boxes[i];
      const visible = box !== undefined && box.width >= SIZE && box.height >= SIZE / 2;
      if (button.hidden === visible) button.hidden = !visible;
      if (!box || !visible) return;
      // Top-left corner: media controls sit at the bottom; audio bars get the mark just above them.
      const top = element.localName === 'audio' ? box.top - SIZE - 2 : box.top + 4;
      const left = `${Math.round(box.left + scrollX + 4)}px`;
      const topPx = `${Math.round(top + scrollY)}px`;
      if (button.style.left !== left) button.style.left = left;
      if (button.style.top !== topPx) button.style.top = topPx;
    });
  };
  const schedule = () => {
    if (!frame && placed.length > 0) frame = requestAnimationFrame(position);
  };
  window.addEventListener('scroll', schedule, {
    passive: true,
    capture: true,
    ...(signal ? { signal } : {}),
  });
  window.addEventListener('resize', schedule, { passive: true, ...(signal ? { signal } : {}) });
  signal?.addEventListener(
    'abort',
    () => {
      if (frame) cancelAnimationFrame(frame);
      placed = [];
      host?.remove();
    },
    { once: true },
  );

  const makeButton = (hint: OverlayHint): HTMLButtonElement => {
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
    return button;
  };
  /** What a badge shows: an unchanged badge keeps its button (no DOM work when hints repeat). */
  const signature = (hint: OverlayHint) => `${hint.src}|${hint.trust}|${hint.origin}|${hint.aiDerived}`;
  let shown = new Map<Element, { button: HTMLButtonElement; signature: string }>();
  let shownIn: HTMLElement | undefined;

  return {
    show(badges) {
      const target = ensure();
      if (target !== shownIn) {
        shown = new Map(); // the page removed our layer: start over in the new one
        shownIn = target;
      }
      const next = new Map<Element, { button: HTMLButtonElement; signature: string }>();
      placed = [];
      for (const { element, hint } of badges) {
        if (next.has(element)) continue;
        const sig = signature(hint);
        const kept = shown.get(element);
        const entry = kept && kept.signature === sig ? kept : { button: makeButton(hint), signature: sig };
        if (entry !== kept) {
          if (kept) kept.button.replaceWith(entry.button);
          else target.append(entry.button);
        }
        next.set(element, entry);
        placed.push({ element, button: entry.button });
      }
      for (const [element, entry] of shown) if (!next.has(element)) entry.button.remove();
      shown = next;
      schedule();
    },
    clear() {
      placed = [];
      shown = new Map();
      layer?.replaceChildren();
    },
  };
}
