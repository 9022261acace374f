import { z } from 'zod';
import { userIdSchema } from '../../model/common';

/** Most recipients one message may have, counting every address a definition could expand to. */
export const MAX_RECIPIENTS = 15;

/**
 * Who a message goes to. Each spec resolves to the address that fits the channel kind
 * (email, phone, WhatsApp number, Slack id):
 * - `{ customer: true }`: the customer's own address (the default);
 * - `{ contactRole: 'billing', max? }`: the customer's contacts with that role (up to `max`, default 3);
 * - `{ user: 'u-1' }`: an internal user, through the user directory;
 * - `{ role: 'finance', max? }`: internal users with that role (up to `max`, default 3);
 * - `{ email }`, `{ phone }`, `{ slack }`: a literal address (an email address also
 *   reaches a customer-facing chat such as Intercom, which finds the contact by it).
 *
 * On a chat channel, customers and their contacts are reached by their email, people
 * inside the business by their Slack id.
 */
export type RecipientSpec = CustomerRecipient | ContactRoleRecipient | UserRecipient | RoleRecipient | EmailRecipient | PhoneRecipient | SlackRecipient;

/** The customer's own address for the channel kind. */
export interface CustomerRecipient {
  /** Always true. */
  customer: true;
}

/** The customer's contacts with a role. */
export interface ContactRoleRecipient {
  /** The role, such as `billing`. */
  contactRole: string;
  /** At most this many contacts (default 3); counts toward the 15-recipient cap at this value. */
  max?: number | undefined;
}

/** An internal user, resolved through the user directory. */
export interface UserRecipient {
  /** The user id. */
  user: string;
}

/** Internal users with a role, resolved through the user directory. */
export interface RoleRecipient {
  /** The role, such as `finance`. */
  role: string;
  /** At most this many users (default 3); counts toward the 15-recipient cap at this value. */
  max?: number | undefined;
}

/** A literal email address. */
export interface EmailRecipient {
  /** The address. */
  email: string;
  /** A display name. */
  name?: string | undefined;
}

/** A literal phone number (SMS or WhatsApp). */
export interface PhoneRecipient {
  /** The number; national numbers use the tenant's default country. */
  phone: string;
  /** A display name. */
  name?: string | undefined;
}

/** A literal Slack channel or user id. */
export interface SlackRecipient {
  /** Such as `C0123456` or `U0123456`. */
  slack: string;
}

const max = z.number().int().min(1, { error: 'max is at least 1.' }).max(MAX_RECIPIENTS, { error: `max is at most ${MAX_RECIPIENTS}.` }).optional();

/** Validates one {@link RecipientSpec}. */
export const recipientSpecSchema = z.union(
  [
    z.strictObject({ customer: z.literal(true) }),
    z.strictObject({ contactRole: z.string().trim().min(1).max(100), max }),
    z.strictObject({ user: userIdSchema }),
    z.strictObject({ role: z.string().trim().min(1).max(100), max }),
    z.strictObject({ email: z.email({ error: 'That is not an email address.' }).max(320), name: z.string().trim().min(1).max(200).optional() }),
    z.strictObject({ phone: z.string().trim().min(3).max(40), name: z.string().trim().min(1).max(200).optional() }),
    z.strictObject({ slack: z.string().trim().regex(/^[A-Z0-9#][A-Za-z0-9._-]{1,80}$/, { error: 'A Slack target is a channel or user id such as C0123456 or U0123456.' }) }),
  ],
  { error: 'A recipient is one of { customer: true }, { contactRole }, { user }, { role }, { email }, { phone } or { slack }.' },
);

/** How many addresses a spec can expand to at most. */
export function recipientCapacity(spec: RecipientSpec): number {
  if ('contactRole' in spec || 'role' in spec) return spec.max ?? 3;
  return 1;
}

/** Validates a recipient list, including the cap: a list that could expand past {@link MAX_RECIPIENTS} is refused. */
export const recipientListSchema = z
  .array(recipientSpecSchema, { error: 'to is a list of recipients.' })
  .min(1, { error: 'Give at least one recipient, or leave to out for the customer.' })
  .superRefine((specs, ctx) => {
    const total = specs.reduce((sum, spec) => sum + recipientCapacity(spec), 0);
    if (total > MAX_RECIPIENTS) {
      ctx.addIssue({
        code: 'custom',
        message: `These recipients could expand to ${total} addresses; a message has at most ${MAX_RECIPIENTS}. Lower the max of role and contact-role recipients, or send several messages.`,
      });
    }
  });

/** A stable text for a spec, part of the idempotency key. */
export function recipientSpecKey(spec: RecipientSpec, customerId: string | null): string {
  if ('customer' in spec) return `customer:${customerId ?? ''}`;
  if ('contactRole' in spec) return `contact-role:${spec.contactRole}`;
  if ('user' in spec) return `user:${spec.user}`;
  if ('role' in spec) return `role:${spec.role}`;
  if ('email' in spec) return `email:${spec.email.toLowerCase()}`;
  if ('phone' in spec) return `phone:${spec.phone}`;
  return `slack:${spec.slack}`;
}
