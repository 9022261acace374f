import { describe, expect, it } from 'vitest';
import { createTickler, MemoryStore, FakeClock } from 'tickler';
import type { FreshdeskConnectorConfig, FreshdeskFetchInit } from 'tickler/freshdesk';
import { freshdeskConnector } from 'tickler/freshdesk';

const valid: FreshdeskConnectorConfig = { domain: 'acme.freshdesk.com', apiKey: 'key' };

function pathOf(config: Record<string, unknown>): string | undefined {
  try {
    freshdeskConnector({ ...valid, ...config });
  } catch (error) {
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    return (error as { path?: string }).path;
  }
  return undefined;
}

describe('freshdesk: configuration', () => {
  it.each([
    ['domain', { domain: 'acme' }],
    ['domain', { domain: 'https://acme.freshdesk.com/api/v2' }],
    ['domain', { domain: 'https://key:X@acme.freshdesk.com' }],
    ['apiKey', { apiKey: '  ' }],
    ['apiKey', { apiKey: 42 }],
    ['groupId', { groupId: -3 }],
    ['groupId', { groupId: 1.5 }],
    ['agents.u-rosa', { agents: { 'u-rosa': 0 } }],
    ['source', { source: 10 }],
    ['type', { type: '' }],
    ['keyField', { keyField: 'tickler_key' }],
    ['useCustomerEmail', { useCustomerEmail: 'yes' }],
    ['lookupPages', { lookupPages: 11 }],
    ['limitWaitMs', { limitWaitMs: 0 }],
    ['name', { name: ' ' }],
    ['fetch', { fetch: 'fetch' }],
  ])('refuses a bad %s', (path, config) => {
    expect(pathOf(config)).toBe(path);
  });

  it('refuses an unknown option and a missing domain or key', () => {
    expect(() => freshdeskConnector({ ...valid, grupId: 1 } as FreshdeskConnectorConfig)).toThrow(/grupId/);
    expect(pathOf({ domain: undefined })).toBe('domain');
    expect(pathOf({ apiKey: undefined })).toBe('apiKey');
  });

  it('calls https://<domain>/api/v2 for a host name, and the given origin for a URL', async () => {
    const urls: string[] = [];
    const fetch = (url: string, init: FreshdeskFetchInit) => {
      urls.push(`${init.method} ${url}`);
      return Promise.resolve({ status: 201, headers: { get: () => null }, text: () => Promise.resolve('{"id":7}') });
    };
    const request = { tenantId: 't', operationId: 'o', operation: 'ticket' as const, idempotencyKey: 'k', attempt: 1, queuedAt: new Date('2026-11-23T08:00:00Z'),  customer: { id: 'c', name: 'C', email: null, phone: null, timezone: null, link: { requesterId: '5' } }, work: { subject: 's', body: null, dueAt: null, durationMinutes: null, zone: 'UTC', assignee: null, priority: null, attendees: [], tags: [], fields: {} } };
    const signal = new AbortController().signal;
    expect(await freshdeskConnector({ domain: 'Acme.Freshdesk.com', apiKey: 'k', fetch }).run(request, { signal, now: new Date('2026-11-23T08:00:00Z') })).toEqual({ externalId: '7', url: 'https://acme.freshdesk.com/a/tickets/7' });
    await freshdeskConnector({ domain: 'http://127.0.0.1:9/', apiKey: 'k', fetch }).run(request, { signal, now: new Date('2026-11-23T08:00:00Z') });
    expect(urls).toEqual(['POST https://acme.freshdesk.com/api/v2/tickets', 'POST http://127.0.0.1:9/api/v2/tickets']);
  });
});

describe('freshdesk: checkLink', () => {
  const connector = freshdeskConnector(valid);
  it.each([
    [{}, 'set links.freshdesk.requesterId (the Freshdesk contact id) or requesterEmail (the address tickets are from).'],
    [{ requesterId: '43000000101' }, null],
    [{ requesterEmail: 'accounts@dupont.example' }, null],
    [{ requesterId: 'C-17' }, 'links.freshdesk.requesterId "C-17" is not a Freshdesk contact id (a positive whole number, from the contact\'s URL /a/contacts/<id>).'],
    [{ requesterEmail: 'dupont' }, 'links.freshdesk.requesterEmail "dupont" is not an email address.'],
    [{ accountId: '001' }, 'links.freshdesk.accountId is not a Freshdesk link key; use requesterId (a contact id) or requesterEmail.'],
  ])('%j → %s', (link, expected) => {
    expect(connector.checkLink?.('ticket', link)).toBe(expected);
  });

  it('needs no link with useCustomerEmail, and names the configured connector', () => {
    expect(freshdeskConnector({ ...valid, useCustomerEmail: true }).checkLink?.('ticket', {})).toBeNull();
    expect(freshdeskConnector({ ...valid, name: 'helpdesk' }).checkLink?.('ticket', {})).toContain('links.helpdesk.requesterId');
  });
});

describe('freshdesk: checkFields', () => {
  const connector = freshdeskConnector(valid);
  const check = (fields: Record<string, unknown>) => connector.checkFields?.('ticket', fields);

  it('accepts custom fields and the ticket fields tickler does not set', () => {
    expect(check({ 'custom_fields.cf_region': 'EMEA', 'custom_fields.cf_invoice_amount': 1200, type: 'Incident', group_id: 43000000301, product_id: 2, company_id: 3, email_config_id: 4, source: 3, cc_emails: ['finance@dupont.example'] })).toEqual([]);
  });

  it.each([
    [{ subject: 'x' }, 'subject', 'subject is set by tickler; use subject instead.'],
    [{ requester_id: 5 }, 'requester_id', 'requester_id is set by tickler; use the customer link (links.freshdesk.requesterId) instead.'],
    [{ responder_id: 5 }, 'responder_id', 'responder_id is set by tickler; use assignee instead.'],
    [{ status: 4 }, 'status', 'status is set by tickler; use nothing: tickler opens the ticket (status 2) instead.'],
    [{ due_by: '2026-12-01T00:00:00Z' }, 'due_by', 'due_by is set by tickler; use dueAt instead.'],
    [{ 'custom_fields.cf_tickler_key': 'x' }, 'custom_fields.cf_tickler_key', "cf_tickler_key holds tickler's idempotency key; tickler sets it."],
    [{ 'custom_fields.Region': 'x' }, 'custom_fields.Region', '"Region" is not a Freshdesk custom field name: they start with cf_ and hold lower-case letters, digits and underscores.'],
    [{ 'custom_fields.cf_region': { a: 1 } }, 'custom_fields.cf_region', 'custom_fields.cf_region is a custom field value: text, a number, true/false or null.'],
    [{ custom_fields: { cf_region: 'x' } }, 'custom_fields', 'Give each custom field as its own key, such as "custom_fields.cf_region".'],
    [{ cf_region: 'x' }, 'cf_region', 'Custom fields go under custom_fields: write "custom_fields.cf_region".'],
    [{ group_id: 'support' }, 'group_id', 'group_id is a Freshdesk group id (a positive whole number).'],
    [{ source: 10 }, 'source', 'source is 1 (email), 2 (portal), 3 (phone), 7 (chat) or 9 (feedback widget).'],
    [{ cc_emails: ['nope'] }, 'cc_emails', 'cc_emails is a list of at most 50 email addresses.'],
    [{ Status: 'Open' }, 'Status', 'Status is not a ticket field tickler can set; use type, group_id, product_id, company_id, email_config_id, source, cc_emails or custom_fields.cf_….'],
  ])('refuses %j', (fields, path, message) => {
    expect(check(fields)).toEqual([{ path, message }]);
  });

  it('makes tickler refuse the work up front, naming the field and the customer link', async () => {
    const tickler = createTickler({ store: new MemoryStore(), clock: new FakeClock('2026-11-23T08:00:00Z'), connectors: [connector] });
    const admin = tickler.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
    await admin.customers.upsert({ id: 'c-1', name: 'Dupont SARL', email: 'a@dupont.example' });
    await expect(admin.connectors.enqueue({ connector: 'freshdesk', operation: 'ticket', customerId: 'c-1', subject: 'Call', fields: { priority: 1 } })).rejects.toMatchObject({ path: 'fields.priority' });
    await expect(admin.connectors.enqueue({ connector: 'freshdesk', operation: 'ticket', customerId: 'c-1', subject: 'Call' })).rejects.toMatchObject({ path: 'customerId', message: expect.stringContaining('links.freshdesk.requesterId') });
  });
});
