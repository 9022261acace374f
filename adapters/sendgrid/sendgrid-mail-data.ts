import type { MessageAddress } from 'tickler';
import { type OutboundMessage, ChannelError } from 'tickler/adapter';

import type { SendGridEmailAddress, SendGridMailData, SendGridMailFields, SendGridPersonalization } from './sendgrid-client';
import { SENDGRID_MAX_CATEGORIES, type ResolvedSendGridConfig } from './sendgrid-config';

const refuse = (message: string) => new ChannelError(message, { retryable: false });

// SendGrid refuses a request that names one address twice in a personalization, and
// separately it would send two copies: each address goes out once.
function uniqueRecipients(to: readonly MessageAddress[]): SendGridEmailAddress[] {
  const seen = new Set<string>();
  const result: SendGridEmailAddress[] = [];
  for (const recipient of to) {
    const email = recipient.address.trim();
    const key = email.toLowerCase();
    if (email === '' || seen.has(key)) continue;
    seen.add(key);
    result.push(recipient.name === null || recipient.name === '' ? { email } : { email, name: recipient.name });
  }
  return result;
}

// SendGrid refuses empty content values, so an empty part counts as no part.
const present = (value: string | null): value is string => value !== null && value !== '';

/**
 * Maps a message to the SDK's mail data. Throws a non-retryable ChannelError for an email
 * that cannot be sent as it is: no recipient, no body, or a template that is not dynamic.
 */
export function toSendGridMailData(message: OutboundMessage, config: ResolvedSendGridConfig, idempotencyKey: string): SendGridMailData {
  const recipients = uniqueRecipients(message.to);
  if (recipients.length === 0) {
    throw refuse(`Email ${message.id} has no recipient address: give the customer (or the contact) an email address before sending.`);
  }
  const template = message.providerTemplate;
  if (template !== null && !template.id.startsWith('d-')) {
    throw refuse(
      `SendGrid template "${template.id}" of email ${message.id} is not a dynamic template id: tickler sends dynamic templates (ids start with "d-"); copy the id from Email API > Dynamic Templates.`,
    );
  }
  const text = present(message.text) ? message.text : undefined;
  const html = present(message.html) ? message.html : undefined;
  if (template === null && (text !== undefined || html !== undefined) && !present(message.subject)) {
    throw refuse(`Email ${message.id} has no subject, which SendGrid requires without a template: check the template's subject.`);
  }

  const personalizations: SendGridPersonalization[] =
    config.recipients === 'together' ? [{ to: recipients }] : recipients.map((recipient) => ({ to: [recipient] }));
  const categories = [...new Set([...config.categories, ...message.categories.filter((c) => c !== '')])].slice(0, SENDGRID_MAX_CATEGORIES);
  const fields: SendGridMailFields = {
    personalizations,
    from: config.from,
    customArgs: {
      tickler_message_id: message.id,
      tickler_tenant: message.tenantId,
      tickler_idempotency_key: idempotencyKey,
    },
    hideWarnings: true,
  };
  const replyTo = present(message.replyTo) ? { email: message.replyTo } : config.replyTo;
  if (replyTo !== null) fields.replyTo = replyTo;
  if (present(message.subject)) fields.subject = message.subject;
  if (categories.length > 0) fields.categories = categories;
  if (config.sandbox) fields.mailSettings = { sandboxMode: { enable: true } };
  if (template !== null) {
    return { ...fields, text, html, templateId: template.id, dynamicTemplateData: template.variables };
  }
  if (text !== undefined) return { ...fields, text, html };
  if (html !== undefined) return { ...fields, html };
  throw refuse(`Email ${message.id} has neither a text nor an HTML body nor a SendGrid template: check the template it was rendered from.`);
}
