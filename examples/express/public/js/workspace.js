// The workspace: customer list (left), profile (centre), details and automations (right).
import { api, qs } from './api.js';
import { badge, h, icon, initials, mount } from './dom.js';
import { formatCalendarDate, formatDateTime, money, relative, wallParts } from './format.js';
import { busy, card, empty, showError, table, toast } from './ui.js';

const DEFAULT_STATUSES = ['Lead', 'Interested', 'Customer', 'Inactive', 'Lost'];

export async function renderWorkspace(ctx, root, params) {
  const state = {
    search: '',
    folder: '',
    items: [],
    nextCursor: null,
    selected: params[0] ?? null,
    folders: [],
    automations: [],
    customer: null,
    popover: null,
  };

  // ------------------------------------------------------------ layout
  const listEl = h('ul', { class: 'customer-list', 'data-testid': 'customer-list' });
  const listError = h('div');
  const listCount = h('span', { class: 'panel__count', 'data-testid': 'customer-count' });
  const moreSlot = h('div', { class: 'list-more' });
  const searchInput = h('input', {
    type: 'search',
    class: 'input input--search',
    placeholder: 'Search name or email…',
    'aria-label': 'Search customers',
    'data-testid': 'customer-search',
    oninput: () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => {
        state.search = searchInput.value.trim();
        void loadList();
      }, 250);
    },
  });
  let searchTimer;
  const folderSelect = h('select', {
    class: 'input input--select',
    'aria-label': 'Folder',
    'data-testid': 'folder-filter',
    onchange: () => {
      state.folder = folderSelect.value;
      void loadList();
    },
  });
  const profileEl = h('section', { class: 'panel panel--profile', 'data-testid': 'profile' });
  const sideEl = h('aside', { class: 'panel panel--side', 'data-testid': 'side-panel' });

  mount(
    root,
    h(
      'div',
      { class: 'workspace' },
      h(
        'aside',
        { class: 'panel panel--list' },
        h('header', { class: 'panel__head' }, h('h2', {}, 'Customers & leads'), listCount),
        h('div', { class: 'filters' }, h('label', { class: 'search' }, icon('search'), searchInput), folderSelect),
        listError,
        h('div', { class: 'panel__scroll' }, listEl, moreSlot),
      ),
      profileEl,
      sideEl,
    ),
  );

  document.addEventListener('keydown', onKey);
  document.addEventListener('mousedown', onOutside);
  function onKey(e) {
    if (!root.isConnected) return cleanup();
    if (e.key === 'Escape') closePopover();
  }
  function onOutside(e) {
    if (!root.isConnected) return cleanup();
    if (state.popover && !state.popover.contains(e.target) && !e.target.closest?.('.clock')) closePopover();
  }
  function cleanup() {
    document.removeEventListener('keydown', onKey);
    document.removeEventListener('mousedown', onOutside);
  }

  // ------------------------------------------------------------ list
  let listGen = 0;
  async function loadList(append = false) {
    const gen = ++listGen;
    try {
      const page = await api('GET', `/customers${qs({ search: state.search, folder: state.folder, limit: 50, cursor: append ? state.nextCursor : undefined })}`);
      if (gen !== listGen) return;
      state.items = append ? [...state.items, ...page.items] : page.items;
      state.nextCursor = page.nextCursor ?? null;
      showError(listError, null);
      drawList();
    } catch (err) {
      if (gen === listGen) showError(listError, err, 'customer-list-error');
    }
  }

  function drawList() {
    closePopover();
    listCount.textContent = String(state.items.length) + (state.nextCursor ? '+' : '');
    if (state.items.length === 0) {
      mount(listEl, h('li', { class: 'empty' }, state.search || state.folder ? 'No customer matches.' : 'No customers yet.'));
    } else {
      mount(listEl, state.items.map(row));
    }
    mount(moreSlot, state.nextCursor ? h('button', { class: 'btn btn--ghost btn--sm', type: 'button', onclick: (e) => busy(e.currentTarget, () => loadList(true)) }, 'Load more') : null);
  }

  /** The row's clock icon: green with an upcoming reminder; a click opens the popover to add one. */
  function clockButton(c) {
    const upcoming = c.indicator?.upcoming === true;
    return h(
      'button',
      {
        type: 'button',
        class: `clock ${upcoming ? 'clock--upcoming' : 'clock--none'}`,
        'data-testid': `clock-${c.id}`,
        'aria-label': upcoming ? `Next reminder ${formatDateTime(c.indicator.nextDueAt, ctx.me.timezone)}; add a reminder` : 'No upcoming reminder; add a reminder',
        title: upcoming ? `Next: ${formatDateTime(c.indicator.nextDueAt, ctx.me.timezone)}` : 'No upcoming reminder — click to add one',
        onclick: (e) => {
          e.stopPropagation();
          openPopover(c, e.currentTarget.closest('li'));
        },
      },
      icon('clock'),
    );
  }

  function row(c) {
    return h(
      'li',
      {
        class: `row${c.id === state.selected ? ' row--active' : ''}`,
        'data-testid': `customer-row-${c.id}`,
        'data-customer-id': c.id,
        tabindex: '0',
        onclick: (e) => {
          if (e.target.closest('.popover')) return;
          ctx.navigate(`#/workspace/${encodeURIComponent(c.id)}`);
        },
        onkeydown: (e) => {
          if (e.key === 'Enter' && e.target === e.currentTarget) ctx.navigate(`#/workspace/${encodeURIComponent(c.id)}`);
        },
      },
      h('span', { class: 'avatar avatar--sm' }, initials(c.name)),
      h(
        'span',
        { class: 'row__body' },
        h('span', { class: 'row__name' }, c.name),
        h('span', { class: 'row__meta' }, statusBadge(c.status), c.folder ? h('span', { class: 'row__folder' }, c.folder) : null, c.dunningLevel > 0 ? levelBadge(c.dunningLevel, { title: `Dunning level ${c.dunningLevel}` }) : null),
      ),
      clockButton(c),
    );
  }

  // A reminder change only changes the customer's clock icon: ask for that one indicator
  // and redraw that icon, rather than reloading the whole list.
  async function refreshIndicator(customerId) {
    try {
      const { indicators } = await api('GET', `/reminders/indicators${qs({ customerIds: customerId })}`);
      const c = state.items.find((x) => x.id === customerId);
      if (c === undefined) return; // not in the list as it is filtered now
      c.indicator = indicators[customerId] ?? { upcoming: false, nextDueAt: null };
      const li = [...listEl.querySelectorAll('.row')].find((x) => x.dataset.customerId === customerId);
      li?.querySelector(':scope > .clock')?.replaceWith(clockButton(c));
    } catch (err) {
      showError(listError, err, 'customer-list-error');
    }
  }

  function markActive() {
    for (const li of listEl.querySelectorAll('.row')) li.classList.toggle('row--active', li.dataset.customerId === state.selected);
  }

  // ------------------------------------------------------------ list popover
  function openPopover(c, li) {
    closePopover();
    const { date, time } = defaultWhen(ctx);
    const dateIn = h('input', { type: 'date', class: 'input', value: date, required: true, 'data-testid': 'popover-date', 'aria-label': 'Date' });
    const timeIn = h('input', { type: 'time', class: 'input', value: time, required: true, 'data-testid': 'popover-time', 'aria-label': 'Time' });
    const noteIn = h('input', { type: 'text', class: 'input', placeholder: 'What to do?', 'data-testid': 'popover-note', 'aria-label': 'Note', maxlength: '5000' });
    const errorSlot = h('div');
    const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--sm', 'data-testid': 'popover-submit' }, icon('plus'), 'Add');
    const pop = h(
      'form',
      {
        class: 'popover',
        'data-testid': 'reminder-popover',
        novalidate: true,
        onclick: (e) => e.stopPropagation(),
        onsubmit: async (e) => {
          e.preventDefault();
          await busy(
            submit,
            async () => {
              await api('POST', '/reminders', { customerId: c.id, at: { local: `${dateIn.value}T${timeIn.value}`, zone: ctx.me.timezone }, note: noteIn.value, assignee: ctx.me.id, source: 'list' });
              closePopover();
              toast(`Reminder added for ${c.name}`, 'success');
              await Promise.all([refreshIndicator(c.id), c.id === state.selected ? loadReminders() : null]);
            },
            errorSlot,
            'popover-error',
            { at: [dateIn, timeIn], note: noteIn },
          );
        },
      },
      h('div', { class: 'popover__title' }, icon('clock'), `Remind me about ${c.name}`),
      h('div', { class: 'popover__when' }, dateIn, timeIn),
      h('div', { class: 'hint' }, `Your time (${ctx.me.timezone})`),
      noteIn,
      errorSlot,
      h('div', { class: 'popover__actions' }, h('button', { type: 'button', class: 'btn btn--ghost btn--sm', 'data-testid': 'popover-cancel', onclick: closePopover }, 'Cancel'), submit),
    );
    li.appendChild(pop);
    li.classList.add('row--popover');
    state.popover = pop;
    pop.scrollIntoView({ block: 'nearest' });
    noteIn.focus({ preventScroll: true });
  }

  function closePopover() {
    if (state.popover) {
      state.popover.parentElement?.classList.remove('row--popover');
      state.popover.remove();
      state.popover = null;
    }
  }

  // ------------------------------------------------------------ profile
  const slots = {};
  let profileGen = 0;
  async function loadProfile() {
    const id = state.selected;
    const gen = ++profileGen;
    if (id === null) {
      state.customer = null;
      mount(profileEl, h('div', { class: 'placeholder' }, icon('user'), h('p', {}, 'Select a customer to see their reminders, messages and invoices.')));
      mount(sideEl);
      return;
    }
    let customer;
    try {
      customer = await api('GET', `/customers/${encodeURIComponent(id)}`);
    } catch (err) {
      if (gen !== profileGen) return;
      mount(profileEl, h('div', { class: 'placeholder' }));
      showError(profileEl, err, 'profile-error');
      mount(sideEl);
      return;
    }
    if (gen !== profileGen) return;
    state.customer = customer;
    slots.upcoming = h('ul', { class: 'reminders', 'data-testid': 'upcoming-reminders' });
    slots.past = h('ul', { class: 'reminders reminders--past', 'data-testid': 'past-reminders' });
    slots.remindersError = h('div');
    slots.comms = h('div', { 'data-testid': 'communications' });
    slots.invoices = h('div', { 'data-testid': 'invoices' });
    slots.upcomingCount = h('span', { class: 'count' });
    slots.pastCount = h('span', { class: 'count' });
    mount(
      profileEl,
      profileHeader(customer),
      card('Reminders', null, reminderForm(customer), slots.remindersError, h('h3', { class: 'subhead' }, 'Upcoming ', slots.upcomingCount), slots.upcoming, h('h3', { class: 'subhead' }, 'Past ', slots.pastCount), slots.past),
      card('Communications', null, slots.comms),
      card('Invoices', null, slots.invoices),
    );
    drawSide(customer);
    await Promise.all([loadReminders(), loadComms(), loadInvoices(), loadRuns()]);
  }

  function profileHeader(c) {
    const contacts = [];
    if (c.email) contacts.push(h('a', { class: 'contact', href: `mailto:${c.email}` }, icon('mail'), c.email));
    if (c.phone) contacts.push(h('span', { class: 'contact' }, icon('phone'), c.phone));
    if (c.whatsapp) contacts.push(h('span', { class: 'contact' }, icon('chat'), `WhatsApp ${c.whatsapp}`));
    const zone = c.timezone ?? null;
    return h(
      'header',
      { class: 'profile-head', 'data-testid': 'profile-head' },
      h('span', { class: 'avatar avatar--lg' }, initials(c.name)),
      h(
        'div',
        { class: 'profile-head__body' },
        h('h1', { class: 'profile-head__name', 'data-testid': 'profile-name' }, c.name, statusBadge(c.status)),
        h(
          'div',
          { class: 'profile-head__meta' },
          h('span', { class: 'contact' }, icon('globe'), zone ? `${zone} · ${wallParts(ctx.clock.now, zone).time} local` : 'zone unknown'),
          c.locale ? h('span', { class: 'contact' }, c.locale) : null,
          contacts,
        ),
        Array.isArray(c.contacts) && c.contacts.length > 0
          ? h(
              'div',
              { class: 'people' },
              c.contacts.map((p) => h('span', { class: 'person' }, h('strong', {}, p.name ?? 'Contact'), p.role ? ` (${p.role})` : '', ' ', [p.email, p.phone, p.whatsapp].filter(Boolean).join(' · '))),
            )
          : null,
      ),
    );
  }

  function reminderForm(c) {
    const { date, time } = defaultWhen(ctx);
    const dateIn = h('input', { type: 'date', class: 'input', value: date, 'data-testid': 'reminder-date', 'aria-label': 'Date' });
    const timeIn = h('input', { type: 'time', class: 'input', value: time, 'data-testid': 'reminder-time', 'aria-label': 'Time' });
    const noteIn = h('input', { type: 'text', class: 'input input--grow', placeholder: 'Note: what should be done?', 'data-testid': 'reminder-note', 'aria-label': 'Note', maxlength: '5000' });
    const assigneeIn = h('select', { class: 'input input--select', 'data-testid': 'reminder-assignee', 'aria-label': 'Assignee' }, h('option', { value: '' }, 'Nobody'), ctx.users.map((u) => h('option', { value: u.id, selected: u.id === ctx.me.id }, u.id === ctx.me.id ? `${u.name} (me)` : u.name)));
    const errorSlot = h('div');
    const submit = h('button', { type: 'submit', class: 'btn btn--primary', 'data-testid': 'reminder-submit' }, icon('plus'), 'Add reminder');
    return h(
      'form',
      {
        class: 'reminder-form',
        'data-testid': 'reminder-form',
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          await busy(
            submit,
            async () => {
              await api('POST', '/reminders', { customerId: c.id, at: { local: `${dateIn.value}T${timeIn.value}`, zone: ctx.me.timezone }, note: noteIn.value, assignee: assigneeIn.value === '' ? null : assigneeIn.value, source: 'profile' });
              noteIn.value = '';
              toast('Reminder added', 'success');
              await Promise.all([loadReminders(), refreshIndicator(c.id)]);
            },
            errorSlot,
            'reminder-form-error',
            { at: [dateIn, timeIn], note: noteIn, assignee: assigneeIn },
          );
        },
      },
      h('div', { class: 'reminder-form__row' }, dateIn, timeIn, h('span', { class: 'hint' }, ctx.me.timezone), assigneeIn),
      h('div', { class: 'reminder-form__row' }, noteIn, submit),
      errorSlot,
    );
  }

  async function loadReminders() {
    const c = state.customer;
    if (!c) return;
    try {
      const [up, past] = await Promise.all([api('GET', `/customers/${encodeURIComponent(c.id)}/reminders?when=upcoming`), api('GET', `/customers/${encodeURIComponent(c.id)}/reminders?when=past`)]);
      if (state.customer !== c) return;
      const byDue = (a, b) => new Date(a.dueAt).getTime() - new Date(b.dueAt).getTime();
      const upItems = [...up.items].sort(byDue);
      const pastItems = [...past.items].sort((a, b) => -byDue(a, b));
      slots.upcomingCount.textContent = String(upItems.length);
      slots.pastCount.textContent = String(pastItems.length);
      mount(slots.upcoming, upItems.length ? upItems.map((r) => reminderItem(r, true)) : h('li', { class: 'empty' }, 'Nothing planned.'));
      mount(slots.past, pastItems.length ? pastItems.map((r) => reminderItem(r, false)) : h('li', { class: 'empty' }, 'No past reminders.'));
      showError(slots.remindersError, null);
    } catch (err) {
      showError(slots.remindersError, err, 'reminders-error');
    }
  }

  function reminderItem(r, upcoming) {
    const zone = ctx.me.timezone;
    const li = h('li', { class: `reminder reminder--${r.status}${upcoming ? '' : ' reminder--past'}`, 'data-testid': `reminder-${r.id}`, 'data-status': r.status });
    const errorSlot = h('div');
    const view = () => {
      const overdue = !upcoming && r.status === 'scheduled';
      mount(
        li,
        h('span', { class: `reminder__dot${upcoming ? ' reminder__dot--up' : ''}` }, icon(r.status === 'done' ? 'check' : 'clock')),
        h(
          'div',
          { class: 'reminder__body' },
          h(
            'div',
            { class: 'reminder__time', 'data-testid': 'reminder-due' },
            formatDateTime(r.dueAt, zone),
            h('span', { class: 'muted' }, ` · ${relative(r.dueAt, ctx.clock.now)}`),
            r.status !== 'scheduled' ? badge(r.status, r.status === 'done' ? 'green' : 'neutral') : overdue ? badge('due', 'amber') : null,
            r.recurrence ? badge('repeats', 'blue', { title: r.recurrence }) : null,
          ),
          h('div', { class: 'reminder__note', 'data-testid': 'reminder-text' }, r.note),
          h(
            'div',
            { class: 'reminder__meta' },
            h('span', { 'data-testid': 'reminder-created-by' }, `by ${ctx.userName(r.createdBy)}`),
            ' · ',
            h('span', { 'data-testid': 'reminder-source' }, `from ${r.source}`),
            ' · ',
            h('span', { 'data-testid': 'reminder-assignee-name' }, `for ${ctx.userName(r.assignee)}`),
          ),
          errorSlot,
        ),
        r.status === 'scheduled'
          ? h(
              'div',
              { class: 'reminder__actions' },
              h('button', { type: 'button', class: 'icon-btn', title: 'Complete', 'aria-label': 'Complete', 'data-testid': `reminder-complete-${r.id}`, onclick: (e) => busy(e.currentTarget, () => complete(r), errorSlot, 'reminder-error') }, icon('check')),
              h('button', { type: 'button', class: 'icon-btn', title: 'Edit', 'aria-label': 'Edit', 'data-testid': `reminder-edit-${r.id}`, onclick: edit }, icon('edit')),
              h('button', { type: 'button', class: 'icon-btn icon-btn--danger', title: 'Delete', 'aria-label': 'Delete', 'data-testid': `reminder-delete-${r.id}`, onclick: confirmDelete }, icon('trash')),
            )
          : h(
              'div',
              { class: 'reminder__actions' },
              h('button', { type: 'button', class: 'icon-btn icon-btn--danger', title: 'Delete', 'aria-label': 'Delete', 'data-testid': `reminder-delete-${r.id}`, onclick: confirmDelete }, icon('trash')),
            ),
      );
    };
    const edit = () => {
      const { date, time } = wallParts(r.dueAt, zone);
      const dateIn = h('input', { type: 'date', class: 'input', value: date, 'data-testid': 'reminder-edit-date', 'aria-label': 'Date' });
      const timeIn = h('input', { type: 'time', class: 'input', value: time, 'data-testid': 'reminder-edit-time', 'aria-label': 'Time' });
      const noteIn = h('input', { type: 'text', class: 'input input--grow', value: r.note, 'data-testid': 'reminder-edit-note', 'aria-label': 'Note', maxlength: '5000' });
      const save = h('button', { type: 'submit', class: 'btn btn--primary btn--sm', 'data-testid': 'reminder-edit-save' }, 'Save');
      const slot = h('div');
      mount(
        li,
        h(
          'form',
          {
            class: 'reminder-edit',
            'data-testid': `reminder-edit-form-${r.id}`,
            novalidate: true,
            onsubmit: async (e) => {
              e.preventDefault();
              await busy(
                save,
                async () => {
                  const newLocal = `${dateIn.value}T${timeIn.value}`;
                  const patch = { note: noteIn.value };
                  if (newLocal !== `${date}T${time}`) patch.at = { local: newLocal, zone };
                  await api('PATCH', `/reminders/${encodeURIComponent(r.id)}`, patch);
                  toast('Reminder updated', 'success');
                  await Promise.all([loadReminders(), refreshIndicator(r.customerId)]);
                },
                slot,
                'reminder-edit-error',
                { at: [dateIn, timeIn], note: noteIn },
              );
            },
          },
          h('div', { class: 'reminder-form__row' }, dateIn, timeIn, h('span', { class: 'hint' }, zone)),
          h('div', { class: 'reminder-form__row' }, noteIn, h('button', { type: 'button', class: 'btn btn--ghost btn--sm', 'data-testid': 'reminder-edit-cancel', onclick: view }, 'Cancel'), save),
          slot,
        ),
      );
      noteIn.focus();
    };
    const confirmDelete = () => {
      const slot = h('div');
      mount(
        li,
        h(
          'div',
          { class: 'confirm', 'data-testid': `reminder-confirm-${r.id}` },
          icon('trash'),
          h('span', { class: 'confirm__text' }, `Delete “${r.note.length > 60 ? `${r.note.slice(0, 57)}…` : r.note}”?`),
          h('button', { type: 'button', class: 'btn btn--ghost btn--sm', 'data-testid': `reminder-delete-cancel-${r.id}`, onclick: view }, 'Keep'),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn--danger btn--sm',
              'data-testid': `reminder-delete-confirm-${r.id}`,
              onclick: (e) =>
                busy(
                  e.currentTarget,
                  async () => {
                    await api('DELETE', `/reminders/${encodeURIComponent(r.id)}`);
                    toast('Reminder deleted', 'success');
                    await Promise.all([loadReminders(), refreshIndicator(r.customerId)]);
                  },
                  slot,
                  'reminder-error',
                ),
            },
            'Delete',
          ),
          slot,
        ),
      );
    };
    view();
    return li;
  }

  async function complete(r) {
    await api('POST', `/reminders/${encodeURIComponent(r.id)}/complete`);
    toast('Reminder completed', 'success');
    await Promise.all([loadReminders(), refreshIndicator(r.customerId)]);
  }

  async function loadComms() {
    const c = state.customer;
    if (!c) return;
    try {
      // Messages and the work done in the CRM, newest first.
      const { items } = await api('GET', `/customers/${encodeURIComponent(c.id)}/timeline`);
      if (state.customer !== c) return;
      mount(slots.comms, items.length ? h('ol', { class: 'timeline' }, items.map((entry) => (entry.kind === 'message' ? messageItem(entry.message) : workItem(entry.operation)))) : empty('No messages yet.'));
    } catch (err) {
      showError(slots.comms, err, 'communications-error');
    }
  }

  function messageItem(m) {
    const inbound = m.direction === 'inbound';
    const subject = m.content?.subject ?? null;
    const text = m.content?.text ?? null;
    return h(
      'li',
      { class: `timeline__item timeline__item--${m.direction}`, 'data-testid': `message-${m.id}`, 'data-direction': m.direction, 'data-channel': m.channel, 'data-cause': m.cause?.type ?? '' },
      h('span', { class: `timeline__icon timeline__icon--${m.direction}` }, icon(inbound ? 'arrowIn' : 'arrowOut')),
      h(
        'div',
        { class: 'timeline__body' },
        h(
          'div',
          { class: 'timeline__head' },
          h('strong', {}, inbound ? `From ${m.from ?? 'customer'}` : `To ${(m.to ?? []).map((t) => t.name ?? t.address).join(', ') || '—'}`),
          badge(m.kind ?? m.channel, 'blue'),
          m.audience === 'internal' ? badge('internal', 'neutral') : null,
          stateBadge(m.state, m.reason),
          h('span', { class: 'timeline__time muted' }, formatDateTime(m.sentAt ?? m.createdAt, ctx.me.timezone)),
        ),
        subject ? h('div', { class: 'timeline__subject' }, subject) : null,
        text ? h('div', { class: 'timeline__text' }, text.length > 280 ? `${text.slice(0, 277)}…` : text) : null,
        m.cause ? h('div', { class: 'timeline__cause muted' }, `${m.cause.type}${m.cause.step ? ` · ${m.cause.step}` : ''}${m.detail ? ` · ${m.detail}` : ''}`) : null,
      ),
    );
  }

  // Work in a connected tool (a CRM task, a ticket): what was asked, and what the tool holds.
  function workItem(op) {
    const tone = { succeeded: 'green', queued: 'amber', running: 'amber', failed: 'red', skipped: 'neutral' }[op.state] ?? 'neutral';
    const due = op.work?.dueAt ? ` · due ${formatDateTime(op.work.dueAt, ctx.me.timezone)}` : '';
    return h(
      'li',
      { class: 'timeline__item timeline__item--work', 'data-testid': `work-${op.id}`, 'data-connector': op.connector, 'data-work-cause': op.cause?.type ?? '' },
      h('span', { class: 'timeline__icon timeline__icon--work' }, icon('check')),
      h(
        'div',
        { class: 'timeline__body' },
        h(
          'div',
          { class: 'timeline__head' },
          h('strong', {}, `${op.connector} ${op.operation}`),
          op.work?.assignee ? badge(op.work.assignee.name ?? op.work.assignee.userId, 'blue') : null,
          badge(op.reason && op.state !== 'succeeded' ? `${op.state}: ${op.reason}` : op.state, tone, { 'data-testid': 'work-state' }),
          h('span', { class: 'timeline__time muted' }, formatDateTime(op.updatedAt ?? op.createdAt, ctx.me.timezone)),
        ),
        h('div', { class: 'timeline__subject' }, op.work?.subject ?? ''),
        h(
          'div',
          { class: 'timeline__cause muted' },
          `${op.cause?.type ?? ''}${due}${op.externalId ? ` · ${op.externalId}` : ''}${op.detail ? ` · ${op.detail}` : ''}`,
          op.url ? h('a', { class: 'link', href: op.url, target: '_blank', rel: 'noopener' }, ' open') : null,
        ),
      ),
    );
  }

  async function loadInvoices() {
    const c = state.customer;
    if (!c) return;
    try {
      const { items } = await api('GET', `/customers/${encodeURIComponent(c.id)}/invoices`);
      if (state.customer !== c) return;
      if (items.length === 0) {
        mount(slots.invoices, empty('No invoices.'));
        return;
      }
      mount(
        slots.invoices,
        table(
          ['Number', 'Due', { label: 'Amount', class: 'num' }, { label: 'Remaining', class: 'num' }, 'Status', 'Dunning', {}],
          items.map((inv) => {
            const d = inv.dunning ?? { level: 0, phase: 'none' };
            return h(
              'tr',
              { 'data-testid': `invoice-${inv.id}` },
              h('td', { class: 'mono' }, inv.number),
              h('td', {}, formatCalendarDate(inv.dueDate)),
              h('td', { class: 'num' }, money(inv.amountMinor, inv.currency)),
              h('td', { class: 'num' }, money(inv.remainingMinor, inv.currency)),
              h('td', {}, invoiceStatusBadge(inv.status)),
              h('td', {}, levelBadge(d.level, { 'data-testid': `invoice-level-${inv.id}`, 'data-level': String(d.level), title: `Phase: ${d.phase}` }), d.phase === 'awaiting_approval' ? badge('needs approval', 'amber') : d.stop ? badge(d.stop.kind, 'neutral') : null),
              h('td', { class: 'num' }, h('a', { class: 'link', href: `/api/dunning/letter/${encodeURIComponent(inv.id)}`, download: `letter-${inv.number}.pdf`, 'data-testid': `profile-letter-${inv.id}`, title: 'Dunning letter (PDF)' }, icon('file'), 'PDF')),
            );
          }),
        ),
      );
    } catch (err) {
      showError(slots.invoices, err, 'invoices-error');
    }
  }

  // ------------------------------------------------------------ side panel
  const side = {};
  function drawSide(c) {
    side.detailsError = h('div');
    side.runs = h('div', { 'data-testid': 'automation-runs' });
    side.result = h('div', { 'data-testid': 'automation-result' });
    side.runError = h('div');
    const automationSelect = h(
      'select',
      { class: 'input input--select', 'data-testid': 'automation-select', 'aria-label': 'Automation' },
      state.automations.length === 0 ? h('option', { value: '' }, 'No automations') : state.automations.map((a) => h('option', { value: a.id, disabled: a.enabled === false }, `${a.name ?? a.id}${a.enabled === false ? ' (disabled)' : ''}`)),
    );
    const runBtn = h(
      'button',
      {
        type: 'button',
        class: 'btn btn--primary',
        'data-testid': 'automation-run',
        disabled: state.automations.length === 0,
        onclick: (e) =>
          busy(
            e.currentTarget,
            async () => {
              const run = await api('POST', `/automations/${encodeURIComponent(automationSelect.value)}/run`, { customerId: c.id });
              mount(side.result, runResult(run));
              toast(`Automation ${run.status}`, run.status === 'failed' ? 'error' : 'success');
              await Promise.all([loadRuns(), loadReminders(), loadComms(), loadList(), refreshCustomer()]);
            },
            side.runError,
            'automation-error',
          ),
      },
      icon('play'),
      'Run',
    );
    mount(
      sideEl,
      card('Details', null, detailsForm(c), side.detailsError),
      card('Run automation', null, h('div', { class: 'run-row' }, automationSelect, runBtn), side.runError, side.result, h('h3', { class: 'subhead' }, 'Recent runs'), side.runs),
    );
  }

  async function refreshCustomer() {
    const c = state.customer;
    if (!c) return;
    const fresh = await api('GET', `/customers/${encodeURIComponent(c.id)}`);
    if (state.customer?.id !== fresh.id) return;
    state.customer = fresh;
    const head = profileEl.querySelector('.profile-head');
    head?.replaceWith(profileHeader(fresh));
    const details = sideEl.querySelector('[data-testid="details-form"]');
    details?.replaceWith(detailsForm(fresh));
  }

  async function patchCustomer(patch, label) {
    const c = state.customer;
    const saved = await busy(
      null,
      async () => {
        const updated = await api('PATCH', `/customers/${encodeURIComponent(c.id)}`, patch);
        state.customer = { ...state.customer, ...updated };
        toast(`${label} saved`, 'success');
        sideEl.querySelector('[data-testid="details-form"]')?.replaceWith(detailsForm(state.customer));
        profileEl.querySelector('.profile-head')?.replaceWith(profileHeader(state.customer));
        await loadList();
        return true;
      },
      side.detailsError,
      'details-error',
    );
    // Refused: show the customer as it still is (the error stays below the form).
    if (saved !== true) sideEl.querySelector('[data-testid="details-form"]')?.replaceWith(detailsForm(state.customer));
  }

  function detailsForm(c) {
    // The host's statuses: the ones in use, then the usual ones not already there in another case.
    const statuses = [];
    for (const s of [...(c.status ? [c.status] : []), ...state.items.map((x) => x.status).filter(Boolean), ...DEFAULT_STATUSES]) if (!statuses.some((x) => x.toLowerCase() === s.toLowerCase())) statuses.push(s);
    const statusSelect = h(
      'select',
      { class: 'input input--select', 'data-testid': 'status-select', 'aria-label': 'Status', onchange: () => patchCustomer({ status: statusSelect.value === '' ? null : statusSelect.value }, 'Status') },
      h('option', { value: '', selected: !c.status }, '— none —'),
      statuses.map((s) => h('option', { value: s, selected: s === c.status }, s)),
    );
    const folderInput = h('input', {
      type: 'text',
      class: 'input',
      value: c.folder ?? '',
      list: 'folder-options',
      placeholder: 'No folder',
      'data-testid': 'folder-input',
      'aria-label': 'Folder',
      onchange: () => patchCustomer({ folder: folderInput.value.trim() === '' ? null : folderInput.value.trim() }, 'Folder'),
    });
    const assignees = Array.isArray(c.assignees) ? c.assignees : [];
    const tags = Array.isArray(c.tags) ? c.tags : [];
    const addAssignee = h(
      'select',
      {
        class: 'input input--select input--sm',
        'data-testid': 'assignee-add',
        'aria-label': 'Add assignee',
        onchange: () => {
          if (addAssignee.value !== '') void patchCustomer({ assignees: [...assignees, addAssignee.value] }, 'Assignees');
        },
      },
      h('option', { value: '' }, '+ Add…'),
      ctx.users.filter((u) => !assignees.includes(u.id)).map((u) => h('option', { value: u.id }, u.name)),
    );
    const tagInput = h('input', {
      type: 'text',
      class: 'input input--sm',
      placeholder: '+ tag',
      'data-testid': 'tag-input',
      'aria-label': 'Add tag',
      onkeydown: (e) => {
        if (e.key === 'Enter' || e.key === ',') {
          e.preventDefault();
          const t = tagInput.value.trim().replace(/,$/, '');
          if (t !== '' && !tags.includes(t)) void patchCustomer({ tags: [...tags, t] }, 'Tags');
        }
      },
    });
    // Only roles the policy lets change customers get the controls; the others read.
    const editable = ctx.me.can?.editCustomers !== false;
    if (!editable) for (const control of [statusSelect, folderInput]) control.disabled = true;
    const remove = (action) => (editable ? action : null);
    return h(
      'div',
      { class: 'details', 'data-testid': 'details-form' },
      field('Status', statusSelect),
      field('Assignees', h('div', { class: 'chips' }, assignees.map((id) => chip(ctx.userName(id), `assignee-${id}`, remove(() => patchCustomer({ assignees: assignees.filter((x) => x !== id) }, 'Assignees')))), editable ? addAssignee : null)),
      field('Folder', folderInput, h('datalist', { id: 'folder-options' }, state.folders.map((f) => h('option', { value: f })))),
      field('Tags', h('div', { class: 'chips' }, tags.map((t) => chip(t, `tag-${t}`, remove(() => patchCustomer({ tags: tags.filter((x) => x !== t) }, 'Tags')), 'tag')), editable ? tagInput : null)),
      editable ? null : h('p', { class: 'muted small', 'data-testid': 'details-readonly' }, 'Managers and admins change these details.'),
    );
  }

  async function loadRuns() {
    const c = state.customer;
    if (!c || !side.runs) return;
    try {
      const { items } = await api('GET', `/customers/${encodeURIComponent(c.id)}/runs`);
      if (state.customer !== c) return;
      const name = (id) => state.automations.find((a) => a.id === id)?.name ?? id;
      mount(
        side.runs,
        items.length
          ? h(
              'ul',
              { class: 'runs' },
              items.slice(0, 8).map((r) => h('li', { class: 'runs__item', 'data-testid': `run-${r.id}` }, h('span', { class: 'runs__name', title: name(r.automationId) }, name(r.automationId)), runStatusBadge(r.status), h('span', { class: 'muted runs__time', title: r.reason ?? '' }, r.status === 'waiting' ? `acts ${formatDateTime(r.runAt, ctx.me.timezone)}` : formatDateTime(r.updatedAt ?? r.createdAt, ctx.me.timezone)))),
            )
          : empty('No runs yet.'),
      );
    } catch (err) {
      showError(side.runs, err, 'runs-error');
    }
  }

  function runResult(run) {
    // `result` holds what each action produced: an array of objects (or one object).
    const results = Array.isArray(run.result) ? run.result : run.result && typeof run.result === 'object' ? [run.result] : [];
    const result = results.flatMap((r) => (r && typeof r === 'object' ? Object.entries(r) : [])).map(([k, v]) => [RESULT_LABELS[k] ?? k, k === 'assignee' ? ctx.userName(v) : v, /Ids?$/.test(k)]);
    return h(
      'div',
      { class: `run-result run-result--${run.status}` },
      h('div', { class: 'run-result__head' }, runStatusBadge(run.status), run.status === 'waiting' ? h('span', { class: 'muted' }, `acts ${formatDateTime(run.runAt, ctx.me.timezone)}`) : null),
      run.reason ? h('div', { class: 'muted' }, run.reason) : null,
      result.length
        ? h(
            'dl',
            { class: 'kv' },
            result.map(([k, v, isId]) => [h('dt', {}, k), h('dd', { class: isId ? 'mono-soft' : null }, Array.isArray(v) ? (v.length === 0 ? 'none' : v.join(', ')) : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))]),
          )
        : null,
    );
  }

  // ------------------------------------------------------------ boot
  ctx.viewRefresh = async () => {
    await Promise.all([loadList(), loadProfile()]);
  };
  ctx.viewSelect = async (id) => {
    state.selected = id;
    markActive();
    await loadProfile();
  };

  const [folders, automations] = await Promise.all([api('GET', '/folders').catch(() => ({ folders: [] })), api('GET', '/automations').catch(() => ({ items: [] }))]);
  state.folders = folders.folders ?? [];
  state.automations = automations.items ?? [];
  mount(folderSelect, h('option', { value: '' }, 'All folders'), state.folders.map((f) => h('option', { value: f }, f)));
  await Promise.all([loadList(), loadProfile()]);
}

// -------------------------------------------------------------- helpers

/** Names for what automation actions report. */
const RESULT_LABELS = { reminderId: 'Reminder', messageIds: 'Messages', assignee: 'Assigned to', status: 'Status', tags: 'Tags', policyId: 'Dunning policy' };

/** The next full hour after the demo clock, as wall time in the user's zone. */
function defaultWhen(ctx) {
  const now = new Date(ctx.clock.now ?? 0);
  const next = new Date(Math.floor(now.getTime() / 3600000) * 3600000 + 3600000);
  return wallParts(next, ctx.me.timezone);
}

function field(label, ...control) {
  return h('div', { class: 'field' }, h('div', { class: 'field__label' }, label), h('div', { class: 'field__control' }, control));
}

function chip(text, testid, onRemove, kind = 'person') {
  return h(
    'span',
    { class: `chip chip--${kind}`, 'data-testid': testid },
    kind === 'tag' ? icon('tag') : h('span', { class: 'avatar avatar--xs' }, initials(text)),
    text,
    onRemove === null ? null : h('button', { type: 'button', class: 'chip__x', 'aria-label': `Remove ${text}`, 'data-testid': `${testid}-remove`, onclick: onRemove }, icon('x')),
  );
}

export function statusBadge(status) {
  if (!status) return null;
  const tone = { lead: 'blue', interested: 'accent', customer: 'green', active: 'green', inactive: 'neutral', lost: 'red', churned: 'red' }[String(status).toLowerCase()] ?? 'neutral';
  return badge(status, tone, { 'data-testid': 'status-badge' });
}

export function levelBadge(level, attrs = {}) {
  const tone = level <= 0 ? 'neutral' : level === 1 ? 'amber' : level === 2 ? 'orange' : 'red';
  return badge(level <= 0 ? 'Level 0' : `Level ${level}`, tone, attrs);
}

function invoiceStatusBadge(status) {
  return badge(status.replace('_', ' '), { open: 'blue', paid: 'green', void: 'neutral', written_off: 'neutral' }[status] ?? 'neutral');
}

export function stateBadge(state, reason) {
  const tone = { sent: 'green', received: 'blue', queued: 'amber', sending: 'amber', failed: 'red', skipped: 'neutral' }[state] ?? 'neutral';
  return badge(reason && state !== 'sent' ? `${state}: ${reason}` : state, tone, { 'data-testid': 'message-state' });
}

function runStatusBadge(status) {
  return badge(status, { done: 'green', waiting: 'amber', cancelled: 'neutral', failed: 'red', stopped: 'red' }[status] ?? 'neutral');
}
