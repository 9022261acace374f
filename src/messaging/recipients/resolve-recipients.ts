import { normalizePhoneNumber } from '../../customers/phone-number';
import { ValidationError } from '../../errors';
import type { Customer, CustomerContact } from '../../model/customer';
import type { MessageAddress } from '../../model/message';
import type { ChannelKind } from '../../model/channel-kind';
import type { DirectoryUser, UserDirectory } from '../directory/user-directory';
import { recipientSpecKey, type RecipientSpec } from './recipient-spec';

/** One address a message goes to, with what it was resolved from. */
export interface ResolvedRecipient {
  /** The address as the channel receives it. */
  address: MessageAddress;
  /** The spec it came from, as text (part of the idempotency key). */
  specKey: string;
  /** True when the spec can yield several addresses (roles, contact roles). */
  fromGroup: boolean;
  /** The reader's locale, when known. */
  locale: string | null;
  /** The reader's zone, when known. */
  zone: string | null;
}

/** What resolving needs. */
export interface ResolveContext {
  kind: ChannelKind;
  tenantId: string;
  customer: Customer | null;
  directory: UserDirectory;
  defaultCountry: string | null;
}

type Reachable = { email?: string | null | undefined; phone?: string | null | undefined; whatsapp?: string | null | undefined; slackId?: string | null | undefined };

/**
 * The address of `who` for a channel kind, or null when it has none. On chat, people
 * inside the business are reached by their Slack id, customers and their contacts by
 * their email (a customer-facing chat such as Intercom finds the contact by it).
 */
function addressFor(kind: ChannelKind, who: Reachable, webhookId: string, outside = false): string | null {
  switch (kind) {
    case 'email':
      return who.email ?? null;
    case 'sms':
      return who.phone ?? null;
    case 'whatsapp':
      return who.whatsapp ?? who.phone ?? null;
    case 'chat':
      return outside ? (who.email ?? null) : (who.slackId ?? null);
    case 'webhook':
      return webhookId;
  }
}

/**
 * Expands recipient specs into addresses for a channel kind: the customer's own address,
 * its contacts with a role, internal users through the directory, literal addresses.
 * Specs with no address for the kind yield nothing; duplicates are dropped.
 */
export async function resolveRecipients(specs: readonly RecipientSpec[], ctx: ResolveContext): Promise<ResolvedRecipient[]> {
  const out: ResolvedRecipient[] = [];
  const seen = new Set<string>();
  const add = (address: string | null, name: string | null, origin: MessageAddress['origin'], spec: RecipientSpec, reader: { locale: string | null; zone: string | null }, userId: string | null = null): void => {
    if (address === null) return;
    const dedupe = ctx.kind === 'email' ? address.toLowerCase() : address;
    if (seen.has(dedupe)) return;
    seen.add(dedupe);
    const fromGroup = 'role' in spec || 'contactRole' in spec;
    out.push({ address: { address, name, origin, userId }, specKey: recipientSpecKey(spec, ctx.customer?.id ?? null), fromGroup, ...reader });
  };
  const customerReader = { locale: ctx.customer?.locale ?? null, zone: ctx.customer?.timezone ?? null };
  const user = (u: DirectoryUser, spec: RecipientSpec): void =>
    add(addressFor(ctx.kind, u, u.id), u.name ?? null, 'user', spec, { locale: u.locale ?? null, zone: u.timezone ?? null }, u.id);
  for (const [i, spec] of specs.entries()) {
    if ('customer' in spec) {
      if (ctx.customer === null) throw ValidationError.field(`to.${i}`, 'A { customer: true } recipient needs customerId.');
      add(addressFor(ctx.kind, ctx.customer, ctx.customer.id, true), ctx.customer.name, 'customer', spec, customerReader);
    } else if ('contactRole' in spec) {
      if (ctx.customer === null) throw ValidationError.field(`to.${i}`, 'A { contactRole } recipient needs customerId.');
      const contacts = ctx.customer.contacts.filter((c: CustomerContact) => c.role === spec.contactRole).slice(0, spec.max ?? 3);
      for (const c of contacts) add(addressFor(ctx.kind, c, c.email ?? c.phone ?? c.whatsapp ?? '', true), c.name, 'contact', spec, customerReader);
    } else if ('user' in spec) {
      for (const u of await ctx.directory.users(ctx.tenantId, [spec.user])) user(u, spec);
    } else if ('role' in spec) {
      for (const u of (await ctx.directory.withRole(ctx.tenantId, spec.role)).slice(0, spec.max ?? 3)) user(u, spec);
    } else if ('email' in spec) {
      add(ctx.kind === 'email' || ctx.kind === 'webhook' || ctx.kind === 'chat' ? spec.email : null, spec.name ?? null, 'literal', spec, customerReader);
    } else if ('phone' in spec) {
      const phone = normalizePhoneNumber(spec.phone, ctx.defaultCountry);
      if (phone === null) throw ValidationError.field(`to.${i}.phone`, `"${spec.phone}" is not a valid phone number; write it in international form, such as +33 6 12 34 56 78.`);
      add(ctx.kind === 'sms' || ctx.kind === 'whatsapp' || ctx.kind === 'webhook' ? phone : null, spec.name ?? null, 'literal', spec, customerReader);
    } else {
      add(ctx.kind === 'chat' || ctx.kind === 'webhook' ? spec.slack : null, null, 'literal', spec, { locale: null, zone: null });
    }
  }
  return out;
}
