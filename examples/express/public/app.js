// tickler demo workspace: the entry point. Signs in, draws the shell (header, clock,
// tabs) and hands the main area to one view at a time, chosen by the URL hash.
import { api, setUnauthenticatedHandler } from './js/api.js';
import { h, icon, initials, mount } from './js/dom.js';
import { formatDateTime, zoneAbbrev } from './js/format.js';
import { busy, errorBox, toast } from './js/ui.js';
import { renderWorkspace } from './js/workspace.js';
import { renderDunning } from './js/dunning.js';
import { renderOutbox } from './js/outbox.js';
import { renderAudit } from './js/audit.js';

const root = document.getElementById('app');

const TABS = [
  { id: 'workspace', label: 'Workspace', icon: 'layers', render: renderWorkspace },
  { id: 'dunning', label: 'Dunning board', icon: 'bolt', render: renderDunning },
  { id: 'outbox', label: 'Outbox', icon: 'inbox', render: renderOutbox },
  { id: 'audit', label: 'Audit', icon: 'shield', render: renderAudit },
];

/** What every view can read and call. */
const ctx = {
  me: null,
  users: [],
  clock: { now: null, demo: false },
  /** The current view's refresh, called after the clock moves. */
  viewRefresh: null,
  userName(id) {
    if (id === null || id === undefined) return 'nobody';
    const u = ctx.users.find((x) => x.id === id);
    if (u) return u.name;
    if (String(id).startsWith('tickler:')) return `tickler (${String(id).slice(8)})`;
    return String(id);
  },
  navigate(hash) {
    if (location.hash === hash) void route();
    else location.hash = hash;
  },
  refreshClock,
};

setUnauthenticatedHandler(() => {
  if (ctx.me !== null) {
    ctx.me = null;
    toast('Your session ended; sign in again.', 'error');
    void renderSignIn();
  }
});

async function start() {
  mount(root, h('div', { class: 'boot' }, h('div', { class: 'spinner' })));
  try {
    ctx.users = (await api('GET', '/users')).users;
  } catch (err) {
    mount(root, h('div', { class: 'signin' }, errorBox(err, 'boot-error')));
    return;
  }
  try {
    ctx.me = (await api('GET', '/session')).user;
  } catch {
    ctx.me = null;
  }
  if (ctx.me === null) await renderSignIn();
  else await renderShell();
}

// ---------------------------------------------------------------- sign-in

async function renderSignIn() {
  const errorSlot = h('div', { class: 'signin__error' });
  const users = ctx.users.map((u) =>
    h(
      'button',
      {
        class: 'user-card',
        type: 'button',
        'data-testid': `signin-${u.id}`,
        onclick: async (e) => {
          await busy(
            e.currentTarget,
            async () => {
              ctx.me = (await api('POST', '/session', { userId: u.id })).user;
              await renderShell();
            },
            errorSlot,
            'signin-error',
          );
        },
      },
      h('span', { class: 'avatar avatar--lg' }, initials(u.name)),
      h('span', { class: 'user-card__body' }, h('span', { class: 'user-card__name' }, u.name), h('span', { class: 'user-card__meta' }, h('span', { class: 'role' }, u.role), ' · ', u.timezone)),
      icon('play', 'user-card__go'),
    ),
  );
  mount(
    root,
    h(
      'main',
      { class: 'signin', 'data-testid': 'signin' },
      h(
        'div',
        { class: 'signin__panel' },
        h('div', { class: 'brand brand--lg' }, logo(), h('span', {}, 'tickler')),
        h('h1', {}, 'Sign in to the demo workspace'),
        h('p', { class: 'muted' }, 'Pick a demo user. Each has a role and a time zone: times on every screen are shown in the signed-in user’s zone.'),
        h('div', { class: 'user-list' }, users),
        errorSlot,
      ),
    ),
  );
}

/** The brand mark: the clock icon, larger and bolder (styles.css). */
function logo() {
  return icon('clock', 'brand__mark');
}

// ---------------------------------------------------------------- shell

const clockText = h('span', { class: 'clock-display__time', 'data-testid': 'demo-clock' }, '…');
const clockZone = h('span', { class: 'clock-display__zone' });
const tabLinks = new Map();
const main = h('main', { class: 'main' });

async function renderShell() {
  const advance = (label, body, testid) =>
    h(
      'button',
      {
        class: 'btn btn--ghost btn--sm',
        type: 'button',
        'data-testid': testid,
        title: `Move the demo clock ${label.replace('+', 'forward ')} and run what falls due`,
        onclick: (e) => busy(e.currentTarget, () => advanceClock(body)),
      },
      label,
    );
  tabLinks.clear();
  currentTab = null;
  const nav = h(
    'nav',
    { class: 'tabs', 'aria-label': 'Sections' },
    TABS.map((t) => {
      const a = h('a', { class: 'tab', href: `#/${t.id}`, 'data-testid': `tab-${t.id}` }, icon(t.icon), t.label);
      tabLinks.set(t.id, a);
      return a;
    }),
  );
  const me = ctx.me;
  mount(
    root,
    h(
      'div',
      { class: 'shell' },
      h(
        'header',
        { class: 'topbar' },
        h('div', { class: 'brand' }, logo(), h('span', {}, 'tickler'), h('span', { class: 'brand__tag' }, 'demo')),
        nav,
        h(
          'div',
          { class: 'topbar__right' },
          h(
            'div',
            { class: 'clock-display', title: 'The demo clock, in your zone' },
            icon('clock'),
            h('span', { class: 'clock-display__label' }, 'Demo clock'),
            clockText,
            clockZone,
            h('div', { class: 'clock-display__buttons' }, advance('+1 hour', { hours: 1 }, 'clock-advance-hour'), advance('+1 day', { days: 1 }, 'clock-advance-day'), advance('+1 week', { days: 7 }, 'clock-advance-week')),
          ),
          h(
            'div',
            { class: 'me', 'data-testid': 'current-user' },
            h('span', { class: 'avatar' }, initials(me.name)),
            h('span', { class: 'me__body' }, h('span', { class: 'me__name' }, me.name), h('span', { class: 'me__meta' }, `${me.role} · ${me.timezone}`)),
          ),
          h(
            'a',
            {
              class: 'signout',
              href: '#',
              'data-testid': 'sign-out',
              title: 'Sign out',
              onclick: async (e) => {
                e.preventDefault();
                try {
                  await api('DELETE', '/session');
                } catch (err) {
                  toast(err.message, 'error');
                }
                ctx.me = null;
                history.replaceState(null, '', location.pathname);
                await renderSignIn();
              },
            },
            icon('logout'),
            h('span', {}, 'Sign out'),
          ),
        ),
      ),
      main,
    ),
  );
  await refreshClock();
  if (!location.hash.startsWith('#/')) history.replaceState(null, '', '#/workspace');
  await route();
}

async function refreshClock() {
  try {
    ctx.clock = await api('GET', '/clock');
    clockText.textContent = formatDateTime(ctx.clock.now, ctx.me.timezone);
    clockText.dataset.iso = ctx.clock.now;
    clockZone.textContent = zoneAbbrev(ctx.clock.now, ctx.me.timezone);
    for (const b of root.querySelectorAll('.clock-display__buttons button')) b.hidden = !ctx.clock.demo;
  } catch (err) {
    clockText.textContent = 'unavailable';
    toast(err.message, 'error');
  }
}

async function advanceClock(body) {
  const result = await api('POST', '/clock/advance', body);
  await refreshClock();
  const ran = result?.ran ?? {};
  const parts = [];
  if (ran.remindersFired) parts.push(`${ran.remindersFired} reminder${ran.remindersFired === 1 ? '' : 's'} fired`);
  if (ran.messagesSent) parts.push(`${ran.messagesSent} message${ran.messagesSent === 1 ? '' : 's'} sent`);
  toast(`Clock moved to ${formatDateTime(result.now, ctx.me.timezone)}${parts.length ? ` — ${parts.join(', ')}` : ''}`, 'success');
  if (ctx.viewRefresh) await ctx.viewRefresh();
}

// ---------------------------------------------------------------- routing

let currentTab = null;
async function route() {
  if (ctx.me === null) return;
  const [tabId = 'workspace', ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const tab = TABS.find((t) => t.id === tabId) ?? TABS[0];
  for (const [id, a] of tabLinks) a.classList.toggle('tab--active', id === tab.id);
  const params = rest.map(decodeURIComponent);
  if (currentTab === tab.id && tab.id === 'workspace' && ctx.viewSelect) {
    // Same view, another customer: keep the list and its filters.
    await ctx.viewSelect(params[0] ?? null);
    return;
  }
  currentTab = tab.id;
  ctx.viewRefresh = null;
  ctx.viewSelect = null;
  main.className = `main main--${tab.id}`;
  mount(main, h('div', { class: 'loading' }, h('div', { class: 'spinner' })));
  await tab.render(ctx, main, params);
}

window.addEventListener('hashchange', () => void route());
void start();
