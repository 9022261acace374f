import { startScriptedServer, type ProviderReply, type ReplyFor, type ScriptedServer } from '../support/scripted-server';

/** How the receiver double accepts a delivery. */
export type ReceiverAcceptStyle =
  /** HTTP 200 with `{ id: 'evt_…' }`, the receiver's own id for the delivery. */
  | 'json-id'
  /** HTTP 204, no body. */
  | 'no-content';

let sequence = 0;

function reply(accept: ReceiverAcceptStyle): ReplyFor {
  return (response): ProviderReply => {
    switch (response.type) {
      case 'accept':
        sequence += 1;
        return accept === 'json-id' ? { status: 200, body: { id: `evt_${String(sequence).padStart(4, '0')}`, received: true } } : { status: 204 };
      case 'reject':
        return { status: 400, body: { error: 'unknown customer', code: 'customer_unknown' } };
      case 'rate-limit':
        return { status: 429, headers: { 'retry-after': String(response.retryAfterSeconds) }, body: { error: 'slow down' } };
      case 'server-error':
        return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' };
    }
  };
}

/** Starts a webhook receiver double on 127.0.0.1; deliveries go to `${url}/hooks/tickler`. */
export async function startReceiverDouble(options: { accept?: ReceiverAcceptStyle } = {}): Promise<ScriptedServer & { readonly hookUrl: string }> {
  const server = await startScriptedServer(reply(options.accept ?? 'json-id'));
  return Object.assign(server, { hookUrl: `${server.url}/hooks/tickler` });
}
