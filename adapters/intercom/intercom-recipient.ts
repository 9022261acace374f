import type { Intercom } from 'intercom-client';
import { ChannelError, type OutboundMessage } from 'tickler/adapter';
import type { CallOptions, IntercomApi } from './intercom-client';
import { toChannelError, type IntercomStep } from './intercom-errors';

/** The contact a message goes to. */
export interface IntercomContactRef {
  id: string;
  /** `user` or `lead`, as `POST /messages` wants it in `to.type`. */
  role: 'user' | 'lead';
}

/** Where a message goes: a new admin-initiated message, or a reply in an open conversation. */
export type IntercomTarget = { kind: 'message'; contact: IntercomContactRef } | { kind: 'reply'; contact: IntercomContactRef; conversationId: string };

/** The one recipient of a chat message: an Intercom contact id or the customer's email. */
export function recipientOf(message: OutboundMessage): string {
  const [first, ...rest] = message.to;
  if (first === undefined || rest.length > 0) {
    throw new ChannelError(`An Intercom message goes to exactly one contact; message ${message.id} has ${message.to.length} recipients.`, { retryable: false });
  }
  const address = first.address.trim();
  if (address === '') throw new ChannelError(`Message ${message.id} has an empty recipient: give the customer's Intercom contact id or email.`, { retryable: false });
  return address;
}

const roleOf = (contact: Intercom.Contact): 'user' | 'lead' => (contact.role === 'lead' ? 'lead' : 'user');

/** What a look-up needs. */
export interface LookupContext extends CallOptions {
  now: () => Date;
}

async function step<T>(name: IntercomStep, to: string, context: LookupContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toChannelError(error, { step: name, to, now: context.now() });
  }
}

/**
 * The contact `address` names: an id is fetched (`GET /contacts/{id}`); an email is
 * searched (`POST /contacts/search`), preferring a user over a lead when Intercom holds
 * both for the address.
 */
export async function findContact(api: IntercomApi, address: string, context: LookupContext): Promise<IntercomContactRef> {
  if (!address.includes('@')) {
    const contact = await step('find-contact', address, context, () => api.findContact(address, context));
    return { id: contact.id, role: roleOf(contact) };
  }
  const found = await step('search-contact', address, context, () => api.searchContactsByEmail(address, context));
  const contact = found.find((c) => c.role === 'user') ?? found[0];
  if (contact === undefined) {
    throw new ChannelError(`No Intercom contact has the email ${address}: create the contact in Intercom (or store its Intercom contact id as the customer's chat address).`, {
      retryable: false,
      providerCode: 'contact_not_found',
    });
  }
  return { id: contact.id, role: roleOf(contact) };
}

/**
 * Where to send: the contact's most recently updated open conversation (among the first
 * page Intercom's search returns), or a new message when none is open or replying in
 * conversations is off.
 */
export async function targetFor(api: IntercomApi, address: string, replyInOpenConversation: boolean, context: LookupContext): Promise<IntercomTarget> {
  const contact = await findContact(api, address, context);
  if (!replyInOpenConversation) return { kind: 'message', contact };
  const open = await step('search-conversation', address, context, () => api.searchOpenConversations(contact.id, context));
  const latest = open.filter((c) => c.state === 'open').sort((a, b) => (b.updated_at ?? 0) - (a.updated_at ?? 0))[0];
  return latest === undefined ? { kind: 'message', contact } : { kind: 'reply', contact, conversationId: String(latest.id) };
}
