// Runs once before any test file: the end-to-end tests drive Debian's Chromium, so without it the suite
// stops at once with the command that installs it, instead of failing file by file.
import { findChromium, INSTALL_CHROMIUM } from '../scripts/find-browser.ts';

export default function checkChromium(): void {
  if (!findChromium()) {
    throw new Error(
      `Chromium is not installed; the browser tests need it. Install it with: ${INSTALL_CHROMIUM}`,
    );
  }
}
