import { z } from 'zod';
import { signaturesEqual, ValidationError, webhookBodyText, WebhookRefusedError, type WebhookRequest, type WebhookResponse } from 'tickler/adapter';

/** One change notification, the fields tickler reads (Graph's changeNotification resource). */
const notificationSchema = z.object({
  subscriptionId: z.string().nullish(),
  clientState: z.string().nullish(),
  changeType: z.string().nullish(),
  resource: z.string().nullish(),
  resourceData: z.object({ id: z.string().nullish() }).nullish(),
  lifecycleEvent: z.string().nullish(),
});

const collectionSchema = z.object({ value: z.array(z.unknown()) });

/** A verified notification that a message was created in the mailbox. */
export interface CreatedMessage {
  /** The message's Graph id. */
  messageId: string;
}

/** What a webhook request is, once verified. */
export type NotificationRequest =
  | {
      /** Graph validating the notification URL of a new subscription: echo the token. */
      type: 'validation';
      response: WebhookResponse;
    }
  | {
      /** Change notifications whose clientState matched: the messages created, in order. */
      type: 'notifications';
      created: CreatedMessage[];
    };

function validationToken(request: WebhookRequest): string | null {
  try {
    // URLSearchParams decodes the token, as Graph's reference requires of the echo.
    return new URL(request.url, 'https://localhost').searchParams.get('validationToken');
  } catch {
    return null;
  }
}

function parseBody(request: WebhookRequest): unknown[] {
  let body: unknown;
  try {
    body = JSON.parse(webhookBodyText(request));
  } catch {
    body = null;
  }
  const collection = collectionSchema.safeParse(body);
  if (!collection.success) {
    throw new WebhookRefusedError('signature-missing', 'This is not a Microsoft Graph change notification (no JSON { value: [...] }), so there is no clientState to verify.');
  }
  return collection.data.value;
}

function messageIdOf(notification: z.infer<typeof notificationSchema>, index: number): string {
  const fromData = notification.resourceData?.id ?? null;
  if (fromData !== null && fromData !== '') return fromData;
  // `resource` is `Users/{user}/Messages/{id}`, relative to the Graph host.
  const fromResource = /\/messages\/([^/?]+)$/i.exec(notification.resource ?? '')?.[1];
  if (fromResource !== undefined) return decodeURIComponent(fromResource);
  throw ValidationError.field(`value.${index}.resourceData.id`, 'The notification names no message: is the subscription on a mailbox folder’s messages?');
}

/**
 * Verifies a request to the notification URL as Graph's webhook reference documents it:
 * a `validationToken` query parameter is the handshake of a new subscription (answered
 * 200 `text/plain` with the decoded token, within 10 seconds); anything else is a
 * collection of change notifications, each of which must carry the subscription's
 * `clientState` (compared in constant time), or the whole request is refused. Basic
 * notifications carry no signature and no timestamp: `clientState` is the check Graph gives.
 */
export function verifyNotificationRequest(request: WebhookRequest, clientState: string): NotificationRequest {
  const token = validationToken(request);
  if (token !== null) {
    // text/plain (and no sniffing) is what keeps an echoed token from ever running as a page.
    return { type: 'validation', response: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }, body: token } };
  }
  const items = parseBody(request).map((item, index) => {
    const parsed = notificationSchema.safeParse(item);
    if (!parsed.success) throw new WebhookRefusedError('signature-missing', `Notification ${index} is not a Graph change notification, so its clientState cannot be verified.`);
    return parsed.data;
  });
  items.forEach((item, index) => {
    const claimed = item.clientState ?? null;
    if (claimed === null || claimed === '') throw new WebhookRefusedError('signature-missing', `Notification ${index} carries no clientState: create the subscription with the channel's clientState.`);
    if (!signaturesEqual(claimed, clientState)) {
      throw new WebhookRefusedError('signature-invalid', `Notification ${index} carries a clientState that is not the channel's: it does not come from your Graph subscription.`);
    }
  });
  const created: CreatedMessage[] = [];
  items.forEach((item, index) => {
    // Lifecycle events (reauthorizationRequired, subscriptionRemoved, missed) are for the host that manages the subscription.
    if ((item.lifecycleEvent ?? null) !== null || item.changeType !== 'created') return;
    created.push({ messageId: messageIdOf(item, index) });
  });
  return { type: 'notifications', created };
}
