// The example app's page in a real browser: sign in, reminders from the profile and from
// the list's clock icon, editing and deleting, the demo clock, dunning levels, approvals
// and a letter. Drives Debian's Chromium through playwright-core; screenshots go to
// test-artifacts/e2e/ (gitignored).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { MemoryStore } from 'tickler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../examples/express/app';
import { BROWSER_REQUIRED, BROWSER_SKIP_LINE, findBrowser } from '../support/find-browser';

// Without a browser the test is skipped (the line is printed once by test/support/global-setup.ts),
// except where TICKLER_REQUIRE_BROWSER=1 (.ci/run), where that fails.
const CHROMIUM = findBrowser();
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'e2e');
const ALICE_ZONE = 'Europe/Paris';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The wall date and time of an instant in a zone, as the page's date and time inputs take them. */
function wall(at: Date, zone: string): { date: string; time: string } {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  for (const p of format.formatToParts(at)) parts[p.type] = p.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

if (CHROMIUM === null && !BROWSER_REQUIRED) {
  describe('example app workspace in a browser', () => {
    it.skip(BROWSER_SKIP_LINE, () => undefined);
  });
}

describe.runIf(CHROMIUM !== null || BROWSER_REQUIRED)('example app workspace in a browser', () => {
  let built: App;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base = '';
  let shots = 0;
  const pageErrors: string[] = [];
  const serverErrors: unknown[] = [];
  /** Ids of the reminders the test creates, by role in the story. */
  const ids = { offer: '', check: '', intro: '' };

  const byTestId = (id: string): Locator => page.getByTestId(id);
  const shot = async (name: string): Promise<void> => {
    shots += 1;
    await page.screenshot({ path: join(ARTIFACTS, `${String(shots).padStart(2, '0')}-${name}.png`) });
  };
  /** Waits until the list's clock icon of a customer has the class. */
  const clockIs = (customerId: string, state: 'upcoming' | 'none'): Promise<void> => page.locator(`[data-testid="clock-${customerId}"].clock--${state}`).waitFor();
  /** The reminder item with this text in a list, and its id. */
  const reminderIn = async (list: 'upcoming-reminders' | 'past-reminders', text: string): Promise<{ item: Locator; id: string }> => {
    const item = byTestId(list).locator('li[data-testid^="reminder-"]', { hasText: text });
    await item.waitFor();
    const testid = await item.getAttribute('data-testid');
    return { item, id: (testid ?? '').replace(/^reminder-/, '') };
  };
  const openCustomer = async (customerId: string, name: string): Promise<void> => {
    await byTestId(`customer-row-${customerId}`).click();
    await page.locator('[data-testid="profile-name"]', { hasText: name }).waitFor();
    await byTestId('upcoming-reminders').locator('li').first().waitFor();
  };
  /** Moves the demo clock with a header button and waits for the header to show the new time. */
  const advance = async (button: 'clock-advance-hour' | 'clock-advance-day' | 'clock-advance-week', ms: number): Promise<void> => {
    const target = new Date(built.clock.now().getTime() + ms).toISOString();
    await byTestId(button).click();
    await page.locator(`[data-testid="demo-clock"][data-iso="${target}"]`).waitFor();
  };
  const signIn = async (userId: string, name: string): Promise<void> => {
    await byTestId(`signin-${userId}`).click();
    await page.locator('[data-testid="current-user"]', { hasText: name }).waitFor();
  };

  beforeAll(async () => {
    if (CHROMIUM === null) throw new Error(`TICKLER_REQUIRE_BROWSER=1 but no browser was found. ${BROWSER_SKIP_LINE}`);
    rmSync(ARTIFACTS, { recursive: true, force: true }); // this run's screenshots only
    mkdirSync(ARTIFACTS, { recursive: true });
    built = await createApp({ store: new MemoryStore(), demo: true, env: {}, worker: false, logError: (e) => serverErrors.push(e) });
    server = await new Promise<Server>((resolve) => {
      const s = built.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
    await built?.close();
  });

  it('signs in and shows the user, their zone and the demo clock', async () => {
    await page.goto(base);
    await byTestId('signin-u-alice').waitFor();
    await shot('sign-in');
    await signIn('u-alice', 'Alice Martin');
    await expect.poll(() => byTestId('current-user').textContent()).toContain(ALICE_ZONE);
    await page.locator(`[data-testid="demo-clock"][data-iso="${built.clock.now().toISOString()}"]`).waitFor();
    await byTestId('customer-row-c-muller').waitFor();
    await clockIs('c-muller', 'none');
    await clockIs('c-dupont', 'upcoming'); // seeded: a call in two days
  });

  it('adds reminders from the profile, read in the user’s zone, and the clock icon turns green', async () => {
    await openCustomer('c-muller', 'Müller Maschinenbau GmbH');
    // An agent reads the customer's details; managers change them.
    await byTestId('details-readonly').waitFor();
    expect(await byTestId('status-select').isDisabled()).toBe(true);
    const now = built.clock.now();
    const offerAt = wall(new Date(now.getTime() + 2 * HOUR), ALICE_ZONE);
    await byTestId('reminder-date').fill(offerAt.date);
    await byTestId('reminder-time').fill(offerAt.time);
    await byTestId('reminder-note').fill('Send the renewal offer');
    await byTestId('reminder-submit').click();
    const offer = await reminderIn('upcoming-reminders', 'Send the renewal offer');
    ids.offer = offer.id;
    await expect.poll(() => offer.item.getByTestId('reminder-due').textContent()).toContain(offerAt.time);
    expect(await offer.item.getByTestId('reminder-created-by').textContent()).toContain('Alice Martin');
    expect(await offer.item.getByTestId('reminder-source').textContent()).toContain('profile');
    await clockIs('c-muller', 'upcoming');

    // A second one, three days out: deleted further on.
    const checkAt = wall(new Date(now.getTime() + 3 * DAY), ALICE_ZONE);
    await byTestId('reminder-date').fill(checkAt.date);
    await byTestId('reminder-time').fill('09:00');
    await byTestId('reminder-note').fill('Check the offer was read');
    await byTestId('reminder-submit').click();
    ids.check = (await reminderIn('upcoming-reminders', 'Check the offer was read')).id;

    // An empty note is refused, and the page says which field.
    await byTestId('reminder-submit').click();
    await byTestId('reminder-form-error').locator('[data-path="note"]').waitFor();
    await shot('profile-reminders');
  });

  it('adds a reminder from the list’s clock icon on another customer', async () => {
    await clockIs('c-oconnor', 'none');
    await byTestId('clock-c-oconnor').click();
    await byTestId('reminder-popover').waitFor();
    const introAt = wall(new Date(built.clock.now().getTime() + 2 * DAY), ALICE_ZONE);
    await byTestId('popover-date').fill(introAt.date);
    await byTestId('popover-time').fill('10:00');
    await byTestId('popover-note').fill('Intro call');
    await shot('list-popover');
    await byTestId('popover-submit').click();
    await byTestId('reminder-popover').waitFor({ state: 'detached' });
    await clockIs('c-oconnor', 'upcoming');

    await openCustomer('c-oconnor', "O'Connor Consulting");
    const intro = await reminderIn('upcoming-reminders', 'Intro call');
    ids.intro = intro.id;
    expect(await intro.item.getByTestId('reminder-source').textContent()).toContain('list');
  });

  it('edits one reminder inline and deletes another', async () => {
    await byTestId(`reminder-edit-${ids.intro}`).click();
    const form = byTestId(`reminder-edit-form-${ids.intro}`);
    await form.getByTestId('reminder-edit-time').fill('11:30');
    await form.getByTestId('reminder-edit-note').fill('Intro call, agenda sent');
    await form.getByTestId('reminder-edit-save').click();
    const edited = byTestId(`reminder-${ids.intro}`);
    await edited.getByTestId('reminder-text').filter({ hasText: 'Intro call, agenda sent' }).waitFor();
    expect(await edited.getByTestId('reminder-due').textContent()).toContain('11:30');

    await openCustomer('c-muller', 'Müller Maschinenbau GmbH');
    await byTestId(`reminder-delete-${ids.check}`).click();
    await byTestId(`reminder-delete-confirm-${ids.check}`).click();
    await byTestId(`reminder-${ids.check}`).waitFor({ state: 'detached' });
    await byTestId(`reminder-${ids.offer}`).waitFor();
    await clockIs('c-muller', 'upcoming');
  });

  it('moves the demo clock past a due time: the reminder is past and the icon back to default', async () => {
    await advance('clock-advance-day', DAY);
    await byTestId('past-reminders').getByTestId(`reminder-${ids.offer}`).waitFor();
    await byTestId('upcoming-reminders').getByTestId(`reminder-${ids.offer}`).waitFor({ state: 'detached' });
    await clockIs('c-muller', 'none');
    await clockIs('c-oconnor', 'upcoming'); // the intro call, two days out, is still ahead
    await shot('reminder-past');
  });

  it('moves the clock past an invoice’s first dunning step: the level rises and the message is in the timeline', async () => {
    await openCustomer('c-sakura', 'Sakura Trading KK');
    const level = byTestId('invoice-level-inv-401');
    expect(await level.getAttribute('data-level')).toBe('0');
    await advance('clock-advance-week', 7 * DAY); // the first reminder runs 7 days after the due date
    await page.locator('[data-testid="invoice-level-inv-401"][data-level="1"]').waitFor();
    expect(await level.textContent()).toContain('Level 1');
    const message = byTestId('communications').locator('[data-cause="dunning"]', { hasText: 'INV-7002' });
    await message.first().waitFor();
    expect(await message.first().getByTestId('message-state').textContent()).toContain('sent');
    await shot('dunning-level');
  });

  it('approves a pending step on the dunning board (a manager may; an agent is shown who can)', async () => {
    await byTestId('tab-dunning').click();
    const approval = page.locator('[data-testid^="approval-"][data-invoice-id="inv-201"]');
    await approval.waitFor();
    const approvalId = ((await approval.getAttribute('data-testid')) ?? '').replace(/^approval-/, '');
    await byTestId(`approval-readonly-${approvalId}`).waitFor();
    expect(await byTestId(`approve-${approvalId}`).count()).toBe(0);
    await shot('approval-readonly');

    await byTestId('sign-out').click();
    await signIn('u-bob', 'Bob Chen');
    await byTestId('tab-dunning').click();
    await byTestId(`approve-${approvalId}`).click();
    await approval.waitFor({ state: 'detached' });
    await page.locator('[data-testid="board-invoice-inv-201"][data-level="1"]').waitFor();
    await shot('dunning-board');
  });

  it('downloads a dunning letter as a PDF', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), byTestId('letter-inv-201').click()]);
    expect(download.suggestedFilename()).toBe('letter-INV-7001.pdf');
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 4).toString('latin1')).toBe('%PDF');
  });

  it('lists what went out in the outbox, and the audit chain verifies', async () => {
    await byTestId('tab-outbox').click();
    await byTestId('outbox').locator('tr', { hasText: 'INV-7001' }).first().waitFor();
    await shot('outbox');
    await byTestId('tab-audit').click();
    await byTestId('audit-verify').click();
    await page.locator('[data-testid="audit-verify-result"] [data-ok="true"]').waitFor();
    await shot('audit');
    expect(pageErrors).toEqual([]);
    expect(serverErrors).toEqual([]);
  });
}, 120_000);
