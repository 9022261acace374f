import { bearerToken, startConnectorDouble, type DoubleReply, type DoubleRequest, type ProviderSpec, type RunningDouble } from '../support/connector-double';

// A double of Airtable's Web API for one base, built from its reference:
// - https://airtable.com/developers/web/api/update-multiple-records (PATCH /v0/{baseId}/{tableIdOrName},
//   performUpsert.fieldsToMergeOn: 1 to 3 non-computed number, text, long text, select or date fields;
//   zero matches create, one match updates, several fail; the answer adds createdRecords and updatedRecords);
// - https://airtable.com/developers/web/api/errors (the { error: { type, message } } body; 400 unreadable JSON,
//   401, 403, 404, 422 invalid request data, 429 "Rate limit exceeded. Please try again later", 5xx);
// - https://airtable.com/developers/web/api/rate-limits (a 429 asks for 30 seconds; no Retry-After header);
// - https://airtable.com/developers/web/api/field-model and the per-base API pages (date "2014-09-05",
//   date-time ISO 8601 in UTC, selects by option name with INVALID_MULTIPLE_CHOICE_OPTIONS unless typecast,
//   links as arrays of record ids, users as { id } or { email });
// - airtable.js 0.12.2 (lib/base.js, lib/run_action.js, lib/table.js): the path it sends ends in "/", the
//   table name is URI-encoded, and it sends Authorization: Bearer <token> and Content-Type: application/json.

/** The field types the double's tables use, as Airtable names them. */
export type AirtableFieldType = 'singleLineText' | 'multilineText' | 'number' | 'date' | 'dateTime' | 'singleCollaborator' | 'singleSelect' | 'multipleSelects' | 'multipleRecordLinks';

/** A table of the double's base. */
export interface DoubleTable {
  id: string;
  name: string;
  /** Field name to type. */
  fields: Record<string, AirtableFieldType>;
  /** Options of select fields, by field name. */
  choices: Record<string, string[]>;
}

/** A record as the double keeps it. */
export interface StoredRecord {
  id: string;
  createdTime: string;
  fields: Record<string, unknown>;
}

/** An Airtable Web API double: upsert of records in one table of one base. */
export interface AirtableDouble extends RunningDouble {
  readonly baseId: string;
  readonly table: DoubleTable;
  /** The records, by id. */
  readonly records: Map<string, StoredRecord>;
  /** The base's collaborators: email to user id. */
  readonly collaborators: Map<string, string>;
}

const REJECT = 'Field "Due" cannot accept the provided value';
const MERGEABLE = new Set<AirtableFieldType>(['singleLineText', 'multilineText', 'number', 'date', 'singleSelect', 'multipleSelects']);
let sequence = 0;

const fail = (status: number, type: string, message: string): DoubleReply => ({ status, body: { error: { type, message } } });
const invalid = (message: string): DoubleReply => fail(422, 'INVALID_REQUEST_UNKNOWN', `Invalid request: ${message}`);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The default table: what docs/connector-airtable.md tells a host to create. */
export function followUpsTable(due: 'date' | 'dateTime' = 'date'): DoubleTable {
  return {
    id: 'tblFollowUps00001',
    name: 'Follow ups',
    fields: { Name: 'singleLineText', Notes: 'multilineText', Due: due, Owner: 'singleCollaborator', Customer: 'singleLineText', Priority: 'singleSelect', Tags: 'multipleSelects', 'Tickler key': 'singleLineText', Account: 'multipleRecordLinks', Status: 'singleSelect', Region: 'singleLineText', 'Account manager': 'singleLineText', Amount: 'number' },
    choices: { Priority: ['Low', 'Normal', 'High', 'Urgent'], Status: ['Todo', 'Doing', 'Done'], Tags: ['dunning'] },
  };
}

/** Why a cell value does not fit its field, or null. May add select options when `typecast`. */
function cellProblem(table: DoubleTable, name: string, value: unknown, typecast: boolean, collaborators: Map<string, string>): DoubleReply | null {
  const type = table.fields[name];
  if (type === undefined) return fail(422, 'UNKNOWN_FIELD_NAME', `Unknown field name: "${name}"`);
  if (value === null) return null;
  const refuse = fail(422, 'INVALID_VALUE_FOR_COLUMN', `Field "${name}" cannot accept the provided value`);
  const options = (values: unknown[]): DoubleReply | null => {
    const known = (table.choices[name] ??= []);
    for (const v of values) {
      if (typeof v !== 'string') return refuse;
      if (known.includes(v)) continue;
      if (!typecast) return fail(422, 'INVALID_MULTIPLE_CHOICE_OPTIONS', `Insufficient permissions to create new select option ""${v}""`);
      known.push(v);
    }
    return null;
  };
  switch (type) {
    case 'singleLineText':
    case 'multilineText':
      return typeof value === 'string' ? null : refuse;
    case 'number':
      return typeof value === 'number' ? null : refuse;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : refuse;
    case 'dateTime':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{3})?)?Z$/.test(value) ? null : refuse;
    case 'singleCollaborator': {
      if (!isObject(value)) return refuse;
      const known = typeof value.id === 'string' ? [...collaborators.values()].includes(value.id) : typeof value.email === 'string' && collaborators.has(value.email);
      return known ? null : refuse;
    }
    case 'singleSelect':
      return options([value]);
    case 'multipleSelects':
      return Array.isArray(value) ? options(value) : refuse;
    case 'multipleRecordLinks':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && /^rec[A-Za-z0-9]{14}$/.test(v)) ? null : refuse;
  }
}

/** Starts a double of one base holding one table (the default: {@link followUpsTable}). */
export async function startAirtableDouble(options: { baseId?: string; table?: DoubleTable } = {}): Promise<AirtableDouble> {
  const baseId = options.baseId ?? 'appTicklerDouble1';
  const table = options.table ?? followUpsTable();
  const records = new Map<string, StoredRecord>();
  const collaborators = new Map<string, string>([['rosa@acme.example', 'usrRosaMartin0001']]);
  const tablePath = (r: DoubleRequest): string | null => {
    const match = /^\/v0\/([^/]+)\/([^/]+)\/?$/.exec(r.path);
    if (match === null || match[1] !== baseId) return null;
    return decodeURIComponent(match[2] as string);
  };
  const isWrite = (r: DoubleRequest): boolean => r.method === 'PATCH' && tablePath(r) !== null;

  const upsert = (body: unknown): DoubleReply => {
    if (!isObject(body)) return fail(400, 'INVALID_REQUEST_BODY', "The request encoding is invalid; the request can't be parsed as a valid JSON.");
    for (const key of Object.keys(body)) if (!['records', 'performUpsert', 'typecast', 'returnFieldsByFieldId'].includes(key)) return invalid(`unknown parameter "${key}"`);
    const { records: input, performUpsert, typecast } = body;
    if (typecast !== undefined && typeof typecast !== 'boolean') return invalid('typecast must be a boolean');
    if (!Array.isArray(input) || input.length < 1 || input.length > 10) return invalid('records must be an array of 1 to 10 records');
    if (!isObject(performUpsert) || !Array.isArray(performUpsert.fieldsToMergeOn)) return invalid('this double only serves upserts: give performUpsert.fieldsToMergeOn');
    const merge = performUpsert.fieldsToMergeOn as unknown[];
    if (merge.length < 1 || merge.length > 3 || !merge.every((f): f is string => typeof f === 'string')) return invalid('fieldsToMergeOn must hold one to three field names or ids');
    for (const f of merge) {
      const type = table.fields[f];
      if (type === undefined) return fail(422, 'UNKNOWN_FIELD_NAME', `Unknown field name: "${f}"`);
      if (!MERGEABLE.has(type)) return invalid(`field "${f}" cannot be used in fieldsToMergeOn (it must be a number, text, long text, single select, multiple select or date field)`);
    }
    const out: StoredRecord[] = [];
    const created: string[] = [];
    const updated: string[] = [];
    for (const record of input) {
      if (!isObject(record) || !isObject(record.fields)) return invalid('each record needs a fields object');
      if (record.id !== undefined) return invalid('this double does not update by record id');
      const fields = record.fields;
      for (const [name, value] of Object.entries(fields)) {
        const problem = cellProblem(table, name, value, typecast === true, collaborators);
        if (problem !== null) return problem;
      }
      for (const f of merge) if (!(f in fields)) return invalid(`each record must include the fields to merge on; "${f}" is missing`);
      const matches = [...records.values()].filter((r) => merge.every((f) => JSON.stringify(r.fields[f]) === JSON.stringify(fields[f])));
      if (matches.length > 1) return invalid(`${matches.length} records match the fields to merge on; an upsert needs at most one`);
      const found = matches[0];
      if (found !== undefined) {
        found.fields = { ...found.fields, ...fields };
        updated.push(found.id);
        out.push(found);
      } else {
        const stored = { id: `recDbl${String(++sequence).padStart(11, '0')}`, createdTime: '2026-11-23T08:00:00.000Z', fields: { ...fields } };
        records.set(stored.id, stored);
        created.push(stored.id);
        out.push(stored);
      }
    }
    return { status: 200, body: { records: out, createdRecords: created, updatedRecords: updated } };
  };

  const spec: ProviderSpec = {
    token: bearerToken,
    isWrite,
    handle(r, outcome) {
      const token = bearerToken(r);
      if (token === null || !token.startsWith('token-') || outcome === 'unauthorized') return fail(401, 'AUTHENTICATION_REQUIRED', 'Authentication required');
      const name = tablePath(r);
      if (name === null) return { status: 404, body: { error: 'NOT_FOUND' } };
      if (name !== table.name && name !== table.id) {
        return fail(403, 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND', 'Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct.');
      }
      if (r.method !== 'PATCH') return { status: 404, body: { error: 'NOT_FOUND' } };
      switch (outcome) {
        case 'reject':
          return fail(422, 'INVALID_VALUE_FOR_COLUMN', REJECT);
        case 'rate-limit':
          return fail(429, 'RATE_LIMIT_REACHED', 'Rate limit exceeded. Please try again later');
        case 'server-error':
          return fail(500, 'SERVER_ERROR', 'Try again. If the problem persists, contact support.');
        default:
          break;
      }
      return upsert(r.json);
    },
    objectCount: () => records.size,
    clear: () => records.clear(),
    rejectMessage: REJECT,
    retryAfterSeconds: 30,
  };
  const double = await startConnectorDouble(spec);
  return Object.assign(double, { baseId, table, records, collaborators });
}
