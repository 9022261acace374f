import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Set by `.ci/run`: a missing browser fails the browser test there instead of skipping it. */
export const BROWSER_REQUIRED = process.env.TICKLER_REQUIRE_BROWSER === '1';

/** The line printed when the browser test is skipped. */
export const BROWSER_SKIP_LINE =
  'Browser test skipped: no Chromium found (looked at $TICKLER_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome and playwright-core’s own). Enable it with `apt-get install -y chromium`; `.ci/run` installs it and requires the test.';

/**
 * A Chromium or Chrome for the browser test: `TICKLER_CHROMIUM` when set, else Debian's
 * package, else Google Chrome, else a browser playwright-core downloaded itself; null
 * when there is none (or `TICKLER_SKIP_BROWSER=1` asks to skip).
 */
export function findBrowser(): string | null {
  if (process.env.TICKLER_SKIP_BROWSER === '1' && !BROWSER_REQUIRED) return null;
  const fromEnv = process.env.TICKLER_CHROMIUM;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // playwright-core knows no browser of its own for this platform.
  }
  return candidates.find((path) => path !== '' && existsSync(path)) ?? null;
}
