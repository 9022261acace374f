// Shared pieces: error boxes, toasts, the confirm-in-place pattern.
import { h, icon, mount } from './dom.js';

/** An inline error: the message and, for validation errors, each field path. */
export function errorBox(err, testid) {
  const issues = Array.isArray(err?.issues) ? err.issues : [];
  // The API's message for a validation error repeats its issues: say it once, field by field.
  const message = err?.message ?? String(err);
  const title = issues.length > 0 && issues.every((i) => message.includes(i.message)) ? 'Please check these fields:' : message;
  return h(
    'div',
    { class: 'alert alert--error', role: 'alert', 'data-testid': testid },
    icon('alert'),
    h(
      'div',
      { class: 'alert__body' },
      h('div', { class: 'alert__title' }, title, err?.code ? h('span', { class: 'alert__code' }, err.code) : null),
      issues.length > 0
        ? h(
            'ul',
            { class: 'alert__issues' },
            issues.map((i) => h('li', { 'data-path': pathText(i.path) }, h('code', {}, pathText(i.path) || '(body)'), ' ', i.message)),
          )
        : null,
    ),
  );
}

function pathText(path) {
  if (Array.isArray(path)) return path.join('.');
  return path === undefined || path === null ? '' : String(path);
}

/** Shows an error in a slot (or clears it with null). */
export function showError(slot, err, testid) {
  if (slot === null || slot === undefined) return;
  if (err === null) mount(slot);
  else mount(slot, errorBox(err, testid));
}

let toastRoot = null;
/** A short-lived message at the bottom right. `tone`: info, success, error. */
export function toast(text, tone = 'info') {
  toastRoot ??= document.getElementById('toasts');
  const el = h('div', { class: `toast toast--${tone}`, role: tone === 'error' ? 'alert' : 'status', 'data-testid': 'toast' }, icon(tone === 'error' ? 'alert' : 'check'), h('span', {}, text));
  toastRoot.appendChild(el);
  while (toastRoot.children.length > 3) toastRoot.firstElementChild.remove();
  setTimeout(() => el.classList.add('toast--leaving'), tone === 'error' ? 6000 : 3200);
  setTimeout(() => el.remove(), tone === 'error' ? 6400 : 3600);
}

/**
 * Disables a button while the promise runs; reports failure in the slot or as a toast.
 * `fields` maps issue paths (`note`, `at`) to the inputs to mark invalid.
 */
export async function busy(button, work, errorSlot, errorTestid, fields = {}) {
  if (button) button.disabled = true;
  const inputs = Object.values(fields).flat();
  try {
    if (errorSlot) showError(errorSlot, null);
    for (const input of inputs) input.removeAttribute('aria-invalid');
    return await work();
  } catch (err) {
    if (errorSlot) showError(errorSlot, err, errorTestid);
    else toast(err instanceof Error ? err.message : String(err), 'error');
    for (const issue of Array.isArray(err?.issues) ? err.issues : []) {
      const path = Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? '');
      const key = Object.keys(fields).find((k) => path === k || path.startsWith(`${k}.`));
      if (key !== undefined) for (const input of [fields[key]].flat()) input.setAttribute('aria-invalid', 'true');
    }
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

/** A section card with a title row. */
export function card(title, actions, ...body) {
  return h('section', { class: 'card' }, h('header', { class: 'card__head' }, h('h2', { class: 'card__title' }, title), actions ? h('div', { class: 'card__actions' }, actions) : null), ...body);
}

/**
 * A table as the views draw it: each header is a text, or `{ label?, class? }` for a
 * header cell with a class (`{}` is an empty one); `rows` are the body's `tr` elements.
 */
export function table(headers, rows) {
  const th = (header) => (typeof header === 'string' ? h('th', {}, header) : h('th', { class: header.class }, header.label));
  return h('table', { class: 'table' }, h('thead', {}, h('tr', {}, headers.map(th))), h('tbody', {}, rows));
}

/** An empty-state line. */
export function empty(text) {
  return h('div', { class: 'empty' }, text);
}

/** A page's header: its title, a line saying what it shows, and its actions. */
export function pageHead(title, subtitle, ...actions) {
  return h('header', { class: 'page__head' }, h('div', {}, h('h1', {}, title), h('p', { class: 'muted' }, subtitle)), ...actions);
}

/** A Refresh button that shows it is busy while `load` runs. */
export function refreshButton(testid, load) {
  return h('button', { type: 'button', class: 'btn btn--ghost', 'data-testid': testid, onclick: (e) => busy(e.currentTarget, load) }, icon('refresh'), 'Refresh');
}
