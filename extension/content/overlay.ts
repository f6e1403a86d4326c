// The on-page badge: a small mark at the top-left corner of media with something to say (credentials,
// a recovered original, an AI signal), drawn in a closed shadow root so the page can neither read nor
// restyle it. It is only a hint — a page can draw look-alikes — so a click opens the extension's own view,
// which is authoritative. Each badge's host sits right after its medium, so Tab reaches it next to it.
// What a badge shows and says comes worded in its hint (background/page-hints.ts).
import type { OverlayHint } from '../platform/messages.ts';

const SIZE = 22;
const HOST_STYLE =
  'position:absolute!important;width:0!important;height:0!important;margin:0!important;padding:0!important;' +
  'border:0!important;display:block!important;overflow:visible!important;z-index:2147483646!important;';
const STYLE = `
  :host { all: initial; }
  button {
    position: absolute; display: flex; align-items: center; gap: 2px; height: ${SIZE}px; padding: 0;
    margin: 0; border: 0; background: none; cursor: pointer; font: 700 11px/1 system-ui, sans-serif;
    z-index: 2147483646;
  }
  button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; border-radius: 4px; }
  .mark {
    box-sizing: border-box; display: flex; align-items: center; justify-content: center; min-width: ${SIZE}px;
    height: ${SIZE}px; padding: 0 4px; border: 2px solid #fff; color: #fff;
    box-shadow: 0 1px 3px rgba(0,0,0,.45);
  }
  /* Shape as well as colour: trusted is round, a signer on no list square, a broken credential a diamond. */
  .verified { background: #1d6b3f; border-radius: 50%; }
  .untrusted { background: #8a5300; border-radius: 3px; }
  .invalid { background: #b3261e; border-radius: 3px; transform: rotate(45deg) scale(.82); }
  .invalid > span { transform: rotate(-45deg); }
  .recovered { background: #1f5fa8; border-radius: 50%; font-size: 14px; }
  .ai { background: #6a3ea1; border-radius: 11px; }
  .ai-unproven { background: rgba(255,255,255,.92); color: #4a2a78; border: 2px dashed #6a3ea1; border-radius: 11px; }
`;

export interface Overlay {
  show(badges: { element: Element; hint: OverlayHint }[]): void;
  clear(): void;
}

interface Placed {
  element: Element;
  host: HTMLElement;
  button: HTMLButtonElement;
  signature: string;
}

/** Hosts go right after their medium; media with no HTML parent (e.g. inside SVG) get theirs at the end. */
function insertHost(element: Element, host: HTMLElement): void {
  const parent = element.parentElement;
  if (parent instanceof HTMLElement && element.localName !== 'html' && element.localName !== 'body')
    element.after(host);
  else document.documentElement.append(host);
}

/**
 * One style sheet shared by every badge: a <style> per shadow root would be parsed and matched once per
 * badge (tens of milliseconds for a page of them). Where a shared sheet cannot be adopted (some content
 * script worlds), each badge gets its own <style>.
 */
function styleBadge(root: ShadowRoot, shared: { sheet?: CSSStyleSheet | null }): void {
  if (shared.sheet === undefined) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
      shared.sheet = sheet;
    } catch {
      shared.sheet = null;
    }
  }
  if (shared.sheet) {
    try {
      root.adoptedStyleSheets = [shared.sheet];
      return;
    } catch {
      shared.sheet = null;
    }
  }
  const style = document.createElement('style');
  style.textContent = STYLE;
  root.append(style);
}

/** The badges' listeners and hosts go away when `signal` aborts. */
export function createOverlay(onOpen: (src: string) => void, signal?: AbortSignal): Overlay {
  const shared: { sheet?: CSSStyleSheet | null } = {};
  let placed: Placed[] = [];
  let frame = 0;

  // Reads every box first, then writes: interleaving them would force a layout per badge.
  const position = () => {
    frame = 0;
    const boxes = placed.map(({ element, host }) =>
      element.isConnected && host.isConnected
        ? { media: element.getBoundingClientRect(), host: host.getBoundingClientRect() }
        : undefined,
    );
    placed.forEach(({ element, button }, i) => {
      const box = boxes[i];
      const visible = box !== undefined && box.media.width >= SIZE && box.media.height >= SIZE / 2;
      if (button.hidden === visible) button.hidden = !visible;
      if (!box || !visible) return;
      // Top-left corner: media controls sit at the bottom; audio bars get the mark just above them.
      const top = element.localName === 'audio' ? box.media.top - SIZE - 2 : box.media.top + 4;
      const left = `${Math.round(box.media.left - box.host.left + 4)}px`;
      const topPx = `${Math.round(top - box.host.top)}px`;
      if (button.style.left !== left) button.style.left = left;
      if (button.style.top !== topPx) button.style.top = topPx;
    });
  };
  // Boxes are read just after a frame was drawn, when the browser has laid the page out anyway: read in the
  // frame callback itself, they would force the layout of a whole loading page inside our task.
  let afterFrame: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (frame || afterFrame !== undefined || placed.length === 0) return;
    frame = requestAnimationFrame(() => {
      afterFrame = setTimeout(() => {
        afterFrame = undefined;
        position();
      }, 0);
    });
  };
  const until = signal ? { signal } : {};
  window.addEventListener('scroll', schedule, { passive: true, capture: true, ...until });
  window.addEventListener('resize', schedule, { passive: true, ...until });

  const makeBadge = (element: Element, hint: OverlayHint, signature: string): Placed => {
    const host = document.createElement('provenance-lens-overlay');
    host.setAttribute('style', HOST_STYLE);
    const root = host.attachShadow({ mode: 'closed' });
    styleBadge(root, shared);
    const button = document.createElement('button');
    button.type = 'button';
    button.hidden = true; // shown once placed at its medium's corner (after the next frame)
    for (const mark of hint.marks) {
      const span = document.createElement('span');
      span.className = `mark ${mark.tone}`;
      const glyph = document.createElement('span');
      glyph.textContent = mark.glyph;
      span.append(glyph);
      button.append(span);
    }
    button.title = hint.title;
    button.setAttribute('aria-label', hint.ariaLabel);
    button.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      onOpen(hint.src);
    });
    root.append(button);
    insertHost(element, host);
    return { element, host, button, signature };
  };
  /** What a badge shows: an unchanged badge keeps its host (no DOM work when hints repeat). */
  const signatureOf = (hint: OverlayHint) =>
    `${hint.src}|${hint.marks.map((mark) => `${mark.tone}:${mark.glyph}`).join(',')}|${hint.ariaLabel}|${hint.title}`;
  let shown = new Map<Element, Placed>();

  const overlay: Overlay = {
    show(badges) {
      const next = new Map<Element, Placed>();
      for (const { element, hint } of badges) {
        if (next.has(element)) continue;
        const signature = signatureOf(hint);
        const kept = shown.get(element);
        if (kept && kept.signature === signature && kept.host.isConnected) {
          next.set(element, kept);
          continue;
        }
        kept?.host.remove();
        next.set(element, makeBadge(element, hint, signature));
      }
      for (const [element, entry] of shown) if (next.get(element) !== entry) entry.host.remove();
      shown = next;
      placed = [...next.values()];
      schedule();
    },
    clear() {
      for (const entry of placed) entry.host.remove();
      placed = [];
      shown = new Map();
    },
  };
  signal?.addEventListener(
    'abort',
    () => {
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(afterFrame);
      overlay.clear();
    },
    { once: true },
  );
  return overlay;
}
