import { z } from 'zod';
import type { Actor } from '../../access/actor';
import { isTicklerError, NotFoundError, ValidationError } from '../../errors';
import { runCommand, runRead } from '../../runtime/command';
import type { Engine } from '../../runtime/engine';
import { parseInput } from '../../runtime/parse-input';
import type { WebhookRequest } from '../channels/channel-webhooks';
import type { WebhookEventOutcome, WebhookResult } from '../messaging-apis';
import { messagingOf } from '../messaging-runtime';
import { applyDeliveryReceipt } from './delivery-receipt';
import { receiveMessage } from './receive-message';

const requestSchema = z.strictObject({
  method: z.string({ error: 'method must be a string, such as POST.' }).min(1).max(16),
  url: z.string({ error: 'url must be the full URL the provider called.' }).min(1).max(8_192),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.undefined()]), { error: 'headers must be an object of header names to values.' }),
  body: z.union([z.string(), z.instanceof(Uint8Array)], { error: 'body must be the raw body, a string or bytes, as received (signatures are over the exact bytes).' }),
});

/**
 * `messages.handleWebhook`: the channel verifies and reads the request, outside any
 * transaction, so a refused one changes nothing; then each receipt and reply is
 * recorded by its own command, so a redelivered webhook records nothing twice.
 */
export async function handleWebhook(engine: Engine, actor: Actor, channelName: string, input: WebhookRequest): Promise<WebhookResult> {
  const name = parseInput(z.string({ error: 'channel must be the name of a configured channel.' }).trim().min(1).max(200), channelName, 'channel');
  const request = parseInput(requestSchema, input, 'request') as WebhookRequest;
  const channel = messagingOf(engine).channel(name);
  if (channel === undefined) throw new NotFoundError('channel', name, { path: 'channel' });
  const webhooks = channel.webhooks;
  if (webhooks === undefined) throw ValidationError.field('channel', `The "${name}" channel reads no webhooks: its adapter has no delivery receipts or replies.`);
  await runRead(engine, actor, (ctx) => ctx.authorize('message.receive', { type: 'message' }));
  const reading = await webhooks.read(request, { now: engine.clock.now() });
  const events: WebhookEventOutcome[] = [];
  for (const event of reading.events) {
    if (event.type === 'receipt') {
      const applied = await runCommand(engine, { actor }, (ctx) => applyDeliveryReceipt(ctx, channel.name, event));
      events.push({ type: 'receipt', providerMessageId: event.providerMessageId, status: event.status, ...applied });
      continue;
    }
    try {
      events.push({ type: 'reply', result: await receiveMessage(engine, actor, event.message) });
    } catch (error) {
      // One unreadable message must not make the provider redeliver the others forever.
      if (!isTicklerError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      events.push({ type: 'reply', result: null, error: error.message });
    }
  }
  return { response: reading.response ?? { status: 200, headers: {}, body: '' }, events };
}
