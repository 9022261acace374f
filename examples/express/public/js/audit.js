// The audit trail: the latest entries, and a check of the hash chain.
import { api, qs } from './api.js';
import { badge, h, icon, mount } from './dom.js';
import { formatDateTime } from './format.js';
import { busy, card, empty, pageHead, refreshButton, showError, table } from './ui.js';

export async function renderAudit(ctx, root) {
  const errorSlot = h('div');
  const verifySlot = h('div', { 'data-testid': 'audit-verify-result' });
  const body = h('div', { 'data-testid': 'audit' });
  const verifyBtn = h(
    'button',
    {
      type: 'button',
      class: 'btn btn--primary',
      'data-testid': 'audit-verify',
      onclick: (e) =>
        busy(
          e.currentTarget,
          async () => {
            const v = await api('GET', '/audit/verify');
            mount(
              verifySlot,
              h(
                'div',
                { class: `alert ${v.ok ? 'alert--ok' : 'alert--error'}`, 'data-ok': String(v.ok) },
                icon(v.ok ? 'shield' : 'alert'),
                h('div', { class: 'alert__body' }, h('div', { class: 'alert__title' }, v.ok ? `Chain intact: ${v.checked} entries checked, last #${v.lastSeq}.` : `Chain broken after #${v.lastSeq}`), v.problem ? h('div', {}, `${v.problem.kind}: ${v.problem.message}`) : null),
              ),
            );
          },
          verifySlot,
          'audit-verify-error',
        ),
    },
    icon('shield'),
    'Verify chain',
  );
  mount(
    root,
    h(
      'div',
      { class: 'page' },
      pageHead('Audit trail', 'Append-only and hash-chained: every change, who made it, and why.', h('div', { class: 'page__actions' }, refreshButton('audit-refresh', load), verifyBtn)),
      verifySlot,
      errorSlot,
      card('Latest entries', null, body),
    ),
  );

  async function load() {
    try {
      const { items } = await api('GET', `/audit${qs({ limit: 100 })}`);
      showError(errorSlot, null);
      if (items.length === 0) {
        mount(body, empty('No entries yet.'));
        return;
      }
      mount(
        body,
        table(
          [{ label: '#', class: 'num' }, 'Time', 'Actor', 'Action', 'Entity', 'Reason', 'Hash'],
          items.map((e) =>
            h(
              'tr',
              { 'data-testid': `audit-${e.seq}` },
              h('td', { class: 'num mono' }, String(e.seq)),
              h('td', { class: 'nowrap' }, formatDateTime(e.at, ctx.me.timezone)),
              h('td', { class: 'nowrap' }, ctx.userName(e.actor?.userId), e.actor?.roles?.length ? h('div', { class: 'muted small' }, e.actor.roles.join(', ')) : null),
              h('td', {}, badge(e.action, actionTone(e.action))),
              h('td', { class: 'small' }, e.entityType, h('div', { class: 'mono muted ellipsis', title: e.entityId }, e.entityId)),
              h('td', { class: 'small muted' }, e.reason ?? ''),
              h('td', { class: 'mono muted small', title: e.hash }, String(e.hash ?? '').slice(0, 10)),
            ),
          ),
        ),
      );
    } catch (err) {
      showError(errorSlot, err, 'audit-error');
    }
  }

  ctx.viewRefresh = load;
  await load();
}

function actionTone(action) {
  if (/delet|cancel|remov/.test(action)) return 'red';
  if (/creat|add/.test(action)) return 'green';
  if (/dunning|step|approv/.test(action)) return 'amber';
  return 'neutral';
}
