import zendesk from 'node-zendesk';
import type { ZendeskCredential } from './zendesk-config';
import { zendeskTransport } from './zendesk-transport';

/** A custom field value as Zendesk takes it: text, a number, a checkbox, a drop-down tag, or the tags of a multi-select. */
export type ZendeskFieldValue = string | number | boolean | null | string[];

/** The ticket the connector creates (`POST /api/v2/tickets.json`, `{ ticket }`), in Zendesk's own names. */
export interface ZendeskTicketInput {
  subject: string;
  /** The first comment, which is the ticket's description. */
  comment: { body: string; public: boolean };
  requester_id?: number;
  /** A requester by email: Zendesk uses the user with that email, or creates one. */
  requester?: { name: string; email: string };
  organization_id?: number;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  tags: string[];
  assignee_id?: number;
  assignee_email?: string;
  group_id?: number;
  /** tickler's idempotency key: what a retry looks the ticket up by. */
  external_id: string;
  type?: 'problem' | 'incident' | 'question' | 'task';
  /** ISO 8601; only on tickets of type `task`. */
  due_at?: string;
  status?: 'new' | 'open' | 'pending' | 'hold' | 'solved';
  brand_id?: number;
  ticket_form_id?: number;
  custom_status_id?: number;
  submitter_id?: number;
  problem_id?: number;
  recipient?: string;
  custom_fields?: { id: number; value: ZendeskFieldValue }[];
}

/**
 * The slice of node-zendesk's client the connector calls, so its (loose) types stay out
 * of tickler's. Both calls resolve with node-zendesk's `{ response, result }`, `result`
 * being the body's `ticket` or `tickets`.
 */
export interface ZendeskClient {
  tickets: {
    /** `POST /api/v2/tickets.json`. */
    create(body: { ticket: ZendeskTicketInput }): Promise<{ result: unknown }>;
    /** One `GET` page: `['tickets', { external_id }]` is `GET /api/v2/tickets.json?external_id=…&page[size]=100`. The array is consumed. */
    get(resource: (string | Record<string, string>)[]): Promise<{ result: unknown }>;
  };
}

/**
 * A node-zendesk client for one operation: at `endpointUri`, with `token` as the OAuth
 * bearer token or the API token of `credential.email`, over a transport bound to
 * `signal`. node-zendesk retries nothing on its own; its only throttle (`throttle`) is
 * for paged listings and stays off.
 */
export function createZendeskClient(endpointUri: string, credential: ZendeskCredential, token: string, signal: AbortSignal): ZendeskClient {
  const auth = credential.kind === 'oauth' ? { oauth: true, token } : { username: credential.email, token };
  // throwOriginalException: without it node-zendesk rethrows a new Error carrying only a message.
  return zendesk.createClient({ endpointUri, ...auth, throttle: false, throwOriginalException: true, transportConfig: zendeskTransport(signal) }) as unknown as ZendeskClient;
}
