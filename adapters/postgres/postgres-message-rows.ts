import type { Insertable, Selectable } from 'kysely';
import type { ChannelKind, Message, MessageAudience, MessageDirection, MessageState } from 'tickler';
import type { MessagesTable } from './postgres-schema';

// JSON columns go in as text and come out parsed; everything else is a rename.

export function messageToRow(m: Message): Insertable<MessagesTable> {
  return {
    tenant_id: m.tenantId,
    id: m.id,
    idempotency_key: m.idempotencyKey,
    direction: m.direction,
    channel: m.channel,
    kind: m.kind,
    customer_id: m.customerId,
    audience: m.audience,
    recipients: JSON.stringify(m.to),
    sender: m.from,
    template_id: m.templateId,
    locale: m.locale,
    zone: m.zone,
    variables: JSON.stringify(m.variables),
    content: JSON.stringify(m.content),
    cause_type: m.cause.type,
    cause_id: m.cause.id,
    cause_step: m.cause.step,
    state: m.state,
    reason: m.reason,
    detail: m.detail,
    attempts: m.attempts,
    max_attempts: m.maxAttempts,
    not_before: m.notBefore,
    send_windows: JSON.stringify(m.sendWindows),
    fallback_channels: JSON.stringify(m.fallbackChannels),
    fallback_of: m.fallbackOf,
    provider_message_id: m.providerMessageId,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
    sent_at: m.sentAt,
    version: m.version,
  };
}

export function rowToMessage(r: Selectable<MessagesTable>): Message {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    idempotencyKey: r.idempotency_key,
    direction: r.direction as MessageDirection,
    channel: r.channel,
    kind: r.kind as ChannelKind,
    customerId: r.customer_id,
    audience: r.audience as MessageAudience,
    to: r.recipients,
    from: r.sender,
    templateId: r.template_id,
    locale: r.locale,
    zone: r.zone,
    variables: r.variables,
    content: r.content,
    cause: { type: r.cause_type, id: r.cause_id, step: r.cause_step },
    state: r.state as MessageState,
    reason: r.reason,
    detail: r.detail,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    notBefore: r.not_before,
    sendWindows: r.send_windows,
    fallbackChannels: r.fallback_channels,
    fallbackOf: r.fallback_of,
    providerMessageId: r.provider_message_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
    version: r.version,
  };
}
