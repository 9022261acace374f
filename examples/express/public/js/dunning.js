// The dunning board: overdue invoices by level, pending approvals, letters.
import { api } from './api.js';
import { badge, h, icon, mount } from './dom.js';
import { formatCalendarDate, formatDateTime, money, moneyTotals } from './format.js';
import { busy, card, empty, pageHead, refreshButton, showError, table, toast } from './ui.js';
import { levelBadge } from './workspace.js';

export async function renderDunning(ctx, root) {
  const errorSlot = h('div');
  const summary = h('div', { class: 'summary', 'data-testid': 'dunning-summary' });
  const approvals = h('div', { 'data-testid': 'pending-approvals' });
  const approvalsError = h('div');
  const board = h('div', { class: 'board', 'data-testid': 'dunning-board' });
  const approveAll = h('button', { type: 'button', class: 'btn btn--ghost btn--sm', 'data-testid': 'approve-all', hidden: true }, icon('check'), 'Approve all');
  mount(
    root,
    h(
      'div',
      { class: 'page' },
      pageHead('Dunning board', 'Overdue invoices by dunning level. Steps of policies in review mode wait here for approval.', refreshButton('dunning-refresh', load)),
      errorSlot,
      summary,
      card(h('span', {}, 'Pending approvals ', h('span', { class: 'count', 'data-testid': 'pending-count' })), approveAll, approvalsError, approvals),
      board,
    ),
  );

  async function load() {
    let report;
    try {
      report = await api('GET', '/dunning/report');
      showError(errorSlot, null);
    } catch (err) {
      showError(errorSlot, err, 'dunning-error');
      return;
    }
    const names = new Map();
    for (const l of report.levels) for (const c of l.customers) names.set(c.customerId, c.name);
    drawSummary(report);
    drawApprovals(report.pendingApprovals ?? [], names);
    drawBoard(report.levels ?? []);
  }

  function drawSummary(report) {
    const totals = Object.entries(report.totals ?? {});
    const invoices = totals.reduce((n, [, t]) => n + t.invoices, 0);
    mount(
      summary,
      stat('Overdue invoices', String(invoices)),
      stat('Remaining', moneyTotals(report.totals, 'remainingMinor')),
      stat('Fees & interest', totals.length ? totals.map(([cur, t]) => money(t.feesMinor + t.interestMinor, cur)).join(' · ') : '—'),
      stat('Total due', moneyTotals(report.totals, 'totalDueMinor')),
      stat('Waiting for approval', String((report.pendingApprovals ?? []).length)),
    );
  }

  function drawApprovals(items, names) {
    approvals.parentElement?.querySelector('[data-testid="pending-count"]')?.replaceChildren(String(items.length));
    const mayApprove = ctx.me.can?.approveDunning !== false;
    approveAll.hidden = items.length < 2 || !mayApprove;
    approveAll.onclick = (e) =>
      busy(
        e.currentTarget,
        async () => {
          await api('POST', '/dunning/approvals', { ids: items.map((a) => a.id) });
          toast(`${items.length} steps approved`, 'success');
          await load();
        },
        approvalsError,
        'approvals-error',
      );
    if (items.length === 0) {
      mount(approvals, empty('Nothing waits for approval.'));
      return;
    }
    mount(
      approvals,
      table(
        ['Invoice', 'Customer', 'Step', 'Leads to', 'Waiting since', {}],
        items.map((a) =>
          h(
            'tr',
            { 'data-testid': `approval-${a.id}`, 'data-invoice-id': a.invoiceId },
            h('td', { class: 'mono' }, a.invoiceNumber),
            h('td', {}, h('a', { class: 'link', href: `#/workspace/${encodeURIComponent(a.customerId)}` }, names.get(a.customerId) ?? a.customerId)),
            h('td', {}, a.stepName ?? a.stepId),
            h('td', {}, levelBadge(a.level)),
            h('td', {}, formatDateTime(a.since, ctx.me.timezone)),
            h(
              'td',
              { class: 'actions' },
              // Roles that may not approve see who can, not buttons that would be refused.
              mayApprove
                ? [
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'btn btn--primary btn--sm',
                        'data-testid': `approve-${a.id}`,
                        onclick: (e) =>
                          busy(
                            e.currentTarget,
                            async () => {
                              await api('POST', '/dunning/approvals', { ids: [a.id] });
                              toast(`${a.invoiceNumber}: ${a.stepName ?? a.stepId} approved and sent`, 'success');
                              await load();
                            },
                            approvalsError,
                            'approvals-error',
                          ),
                      },
                      icon('check'),
                      'Approve',
                    ),
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'btn btn--ghost btn--sm',
                        title: 'We sent it ourselves (a printed letter): count the step without sending its messages',
                        'data-testid': `mark-sent-${a.invoiceId}`,
                        onclick: (e) =>
                          busy(
                            e.currentTarget,
                            async () => {
                              await api('POST', `/dunning/invoices/${encodeURIComponent(a.invoiceId)}/mark-sent`, { note: `Marked as sent by ${ctx.me.name}` });
                              toast(`${a.invoiceNumber}: marked as sent`, 'success');
                              await load();
                            },
                            approvalsError,
                            'approvals-error',
                          ),
                      },
                      icon('mail'),
                      'Mark sent',
                    ),
                  ]
                : h('span', { class: 'muted small', 'data-testid': `approval-readonly-${a.id}` }, 'A manager approves this step'),
            ),
          ),
        ),
      ),
    );
  }

  function drawBoard(levels) {
    if (levels.length === 0) {
      mount(board, h('div', { class: 'card' }, empty('No overdue invoices. Move the demo clock forward to see dunning start.')));
      return;
    }
    mount(
      board,
      levels.map((l) =>
        h(
          'section',
          { class: `column column--level-${Math.min(l.level, 3)}`, 'data-testid': `level-${l.level}` },
          h('header', { class: 'column__head' }, levelBadge(l.level), h('span', { class: 'column__title' }, l.level === 0 ? 'Overdue, not yet reminded' : `After step ${l.level}`), h('span', { class: 'column__total' }, moneyTotals(l.totals, 'remainingMinor'))),
          l.customers.map((c) =>
            h(
              'article',
              { class: 'board-card', 'data-testid': `board-customer-${c.customerId}` },
              h('header', { class: 'board-card__head' }, h('a', { class: 'link board-card__name', href: `#/workspace/${encodeURIComponent(c.customerId)}` }, c.name), h('span', { class: 'board-card__total' }, moneyTotals(c.totals, 'totalDueMinor'))),
              c.invoices.map((i) => invoiceLine(i)),
            ),
          ),
        ),
      ),
    );
  }

  function invoiceLine(i) {
    const next = i.nextAction;
    const nextText = next === null || next === undefined ? 'Nothing planned' : next.kind === 'approval' ? `Approve ${next.label ?? next.stepId}` : next.kind === 'step' ? `${next.label ?? next.stepId} ${next.at ? formatDateTime(next.at, ctx.me.timezone) : ''}` : next.kind === 'escalation' ? `Escalate ${next.at ? formatDateTime(next.at, ctx.me.timezone) : ''}` : `Resumes ${next.at ? formatDateTime(next.at, ctx.me.timezone) : '(no date)'}`;
    return h(
      'div',
      { class: 'board-invoice', 'data-testid': `board-invoice-${i.invoiceId}`, 'data-level': String(i.level) },
      h('div', { class: 'board-invoice__row' }, h('span', { class: 'mono' }, i.number), i.phase === 'awaiting_approval' ? badge('needs approval', 'amber') : i.stopped ? badge(i.stopped, 'neutral') : null, h('span', { class: 'board-invoice__amount' }, money(i.remainingMinor, i.currency))),
      h(
        'dl',
        { class: 'kv kv--compact' },
        h('dt', {}, 'Due'),
        h('dd', {}, formatCalendarDate(i.dueDate)),
        h('dt', {}, 'Amount'),
        h('dd', {}, money(i.amountMinor, i.currency)),
        i.feesMinor + i.interestMinor > 0 ? [h('dt', {}, 'Fees'), h('dd', {}, money(i.feesMinor + i.interestMinor, i.currency))] : null,
        h('dt', {}, 'Last reminder'),
        h('dd', {}, i.lastReminderAt ? formatDateTime(i.lastReminderAt, ctx.me.timezone) : '—'),
        h('dt', {}, 'Next'),
        h('dd', { 'data-testid': 'next-action' }, nextText),
      ),
      h('a', { class: 'link link--small', href: `/api/dunning/letter/${encodeURIComponent(i.invoiceId)}`, download: `letter-${i.number}.pdf`, 'data-testid': `letter-${i.invoiceId}` }, icon('download'), 'Letter (PDF)'),
    );
  }

  ctx.viewRefresh = load;
  await load();
}

function stat(label, value) {
  return h('div', { class: 'stat' }, h('div', { class: 'stat__label' }, label), h('div', { class: 'stat__value' }, value));
}
