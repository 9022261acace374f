// The outbox: every message tickler would have sent (and those it received).
import { api, qs } from './api.js';
import { badge, h, icon, mount } from './dom.js';
import { formatDateTime } from './format.js';
import { card, empty, pageHead, refreshButton, showError, table } from './ui.js';
import { stateBadge } from './workspace.js';

export async function renderOutbox(ctx, root) {
  const errorSlot = h('div');
  const body = h('div', { 'data-testid': 'outbox' });
  mount(
    root,
    h(
      'div',
      { class: 'page' },
      pageHead('Outbox', 'Every message that would have gone out. The demo sends nothing: channels only record.', refreshButton('outbox-refresh', load)),
      errorSlot,
      card('Messages', null, body),
    ),
  );

  async function load() {
    try {
      const { items } = await api('GET', `/outbox${qs({ limit: 200 })}`);
      showError(errorSlot, null);
      if (items.length === 0) {
        mount(body, empty('No messages yet. Move the demo clock forward: reminders and dunning steps send them.'));
        return;
      }
      mount(
        body,
        table(
          ['Time', 'Channel', 'To', 'Subject / text', 'Cause', 'State'],
          items.map((m) =>
            h(
              'tr',
              { 'data-testid': `outbox-row-${m.id}`, 'data-direction': m.direction },
              h('td', { class: 'nowrap' }, formatDateTime(m.sentAt ?? m.createdAt, ctx.me.timezone)),
              h('td', {}, h('span', { class: 'with-icon' }, icon(m.direction === 'inbound' ? 'arrowIn' : 'arrowOut'), badge(m.kind ?? m.channel, 'blue')), m.kind !== m.channel ? h('div', { class: 'muted small' }, m.channel) : null),
              h('td', {}, m.direction === 'inbound' ? `from ${m.from ?? '—'}` : (m.to ?? []).map((t) => h('div', {}, t.name ? `${t.name} ` : '', h('span', { class: 'muted' }, t.address)))),
              h('td', { class: 'cell-text' }, m.content?.subject ? h('div', { class: 'strong' }, m.content.subject) : null, m.content?.text ? h('div', { class: 'muted clamp' }, m.content.text) : null),
              h('td', { class: 'small' }, m.cause ? `${m.cause.type}${m.cause.step ? ` · ${m.cause.step}` : ''}` : '—'),
              h('td', {}, stateBadge(m.state, m.reason)),
            ),
          ),
        ),
      );
    } catch (err) {
      showError(errorSlot, err, 'outbox-error');
    }
  }

  ctx.viewRefresh = load;
  await load();
}
