import { BROWSER_REQUIRED, BROWSER_SKIP_LINE, findBrowser } from './find-browser';

/** Runs once before the suite, in vitest's main process: says once, plainly, what is skipped. */
export default function setup(): void {
  if (findBrowser() === null && !BROWSER_REQUIRED) console.log(`\n${BROWSER_SKIP_LINE}\n`);
}
