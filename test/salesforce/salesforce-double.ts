import { bearerToken, startConnectorDouble, type DoubleReply, type DoubleRequest, type RunningDouble } from '../support/connector-double';

/** A Task as the double keeps it. */
export interface StoredTask {
  Id: string;
  fields: Record<string, unknown>;
}

/** A Salesforce REST API double: upsert of Task by an External ID field, and SOQL for Users, as the REST API reference documents them. */
export interface SalesforceDouble extends RunningDouble {
  /** The tasks, by external id value. */
  readonly tasks: Map<string, StoredTask>;
  /** Users the double knows, by email. */
  readonly users: Map<string, string>;
}

const REJECT = 'Assigned To ID: owner cannot be inactive';
// The fields of Task this double accepts, plus any custom field (__c).
const TASK_FIELDS = new Set(['Subject', 'Description', 'ActivityDate', 'OwnerId', 'WhatId', 'WhoId', 'Priority', 'Status', 'Type', 'CallDisposition', 'IsReminderSet', 'ReminderDateTime', 'TaskSubtype']);
let sequence = 0;
const sfId = (prefix: string): string => `${prefix}5e00000${String(++sequence).padStart(5, '0')}AAA`.slice(0, 18);

const errors = (status: number, message: string, errorCode: string, fields: string[] = []): DoubleReply => ({ status, body: [{ message, errorCode, fields }] });

/** Starts a double of one org's REST API (any version path `/services/data/vNN.0/`). */
export async function startSalesforceDouble(options: { externalIdField?: string } = {}): Promise<SalesforceDouble> {
  const field = options.externalIdField ?? 'Tickler_Key__c';
  const tasks = new Map<string, StoredTask>();
  const users = new Map<string, string>([['rosa@acme.example', '0055e000001AbCdAAK']]);
  const upsertPath = new RegExp(`^/services/data/v\\d+\\.0/sobjects/Task/${field}/([^/]+)$`);
  const isWrite = (r: DoubleRequest): boolean => r.method === 'PATCH' && upsertPath.test(r.path);
  const handle = (r: DoubleRequest, outcome: Parameters<Parameters<typeof startConnectorDouble>[0]['handle']>[1]): DoubleReply => {
    const token = bearerToken(r);
    if (token === null || !token.startsWith('token-') || outcome === 'unauthorized') return errors(401, 'Session expired or invalid', 'INVALID_SESSION_ID');
    if (r.method === 'GET' && /^\/services\/data\/v\d+\.0\/query\/?$/.test(r.path)) {
      const soql = r.query.get('q') ?? '';
      const match = /^SELECT Id FROM User WHERE Email = '((?:[^'\\]|\\.)*)' AND IsActive = true LIMIT 1$/.exec(soql);
      if (match === null) return errors(400, `unexpected token: '${soql.slice(0, 20)}'`, 'MALFORMED_QUERY');
      const id = users.get((match[1] as string).replace(/\\(.)/g, '$1'));
      return { status: 200, body: { totalSize: id === undefined ? 0 : 1, done: true, records: id === undefined ? [] : [{ attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${id}` }, Id: id }] } };
    }
    const upsert = upsertPath.exec(r.path);
    if (r.method !== 'PATCH' || upsert === null) return errors(404, 'The requested resource does not exist', 'NOT_FOUND');
    switch (outcome) {
      case 'reject':
        return errors(400, REJECT, 'INACTIVE_OWNER_OR_USER', ['OwnerId']);
      case 'rate-limit':
        return errors(403, 'TotalRequests Limit exceeded.', 'REQUEST_LIMIT_EXCEEDED');
      case 'server-error':
        return errors(500, 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)', 'UNKNOWN_EXCEPTION');
      default:
        break;
    }
    const body = r.json as Record<string, unknown> | undefined;
    if (body === undefined || typeof body !== 'object') return errors(400, 'The HTTP entity body is required, but this request has no entity body.', 'JSON_PARSER_ERROR');
    if (field in body) return errors(400, `Field ${field} is the external id in the URL; it must not be in the body.`, 'INVALID_FIELD');
    for (const key of Object.keys(body)) if (!TASK_FIELDS.has(key) && !key.endsWith('__c')) return errors(400, `No such column '${key}' on sobject of type Task`, 'INVALID_FIELD', [key]);
    if (body.Subject === undefined) return errors(400, 'Required fields are missing: [Subject]', 'REQUIRED_FIELD_MISSING', ['Subject']);
    const key = decodeURIComponent(upsert[1] as string);
    const existing = tasks.get(key);
    if (existing !== undefined) {
      existing.fields = { ...existing.fields, ...body };
      return { status: 200, body: { id: existing.Id, success: true, errors: [], created: false } };
    }
    const task = { Id: sfId('00T'), fields: { ...body, [field]: key } };
    tasks.set(key, task);
    return { status: 201, body: { id: task.Id, success: true, errors: [], created: true } };
  };
  const double = await startConnectorDouble({
    token: bearerToken,
    isWrite,
    handle,
    objectCount: () => tasks.size,
    clear: () => tasks.clear(),
    rejectMessage: REJECT,
    retryAfterSeconds: 60,
  });
  return Object.assign(double, { tasks, users });
}
