import { startScriptedServer, type ProviderReply, type ReplyFor, type ScriptedServer } from '../support/scripted-server';

/** How the double refuses a message for a scripted `reject`. */
export type SlackRejectStyle =
  /** As Slack does: HTTP 200 with `{ ok: false, error: 'channel_not_found' }`. */
  | 'platform'
  /** An HTTP 400, as a proxy or a malformed call would produce. */
  | 'http-400';

/** A Slack Web API double: `slackApiUrl` is `${url}/api/`. */
export interface SlackDouble extends ScriptedServer {
  /** The base URL to give the WebClient as `slackApiUrl`. */
  readonly apiBaseUrl: string;
}

let sequence = 0;

function reply(reject: SlackRejectStyle): ReplyFor {
  return (response, request): ProviderReply => {
    if (request.method !== 'POST' || request.path !== '/api/chat.postMessage') return { status: 404, body: { ok: false, error: 'unknown_method' } };
    if (request.headers.authorization === undefined) return { status: 200, body: { ok: false, error: 'not_authed' } };
    switch (response.type) {
      case 'accept': {
        sequence += 1;
        const channel = request.form?.get('channel') ?? '';
        // Slack answers a user id with the id of the direct-message channel it opened.
        const landed = channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
        const ts = `1700000000.${String(sequence).padStart(6, '0')}`;
        return { status: 200, body: { ok: true, channel: landed, ts, message: { type: 'message', text: request.form?.get('text') ?? '', ts } } };
      }
      case 'reject':
        return reject === 'platform'
          ? { status: 200, body: { ok: false, error: 'channel_not_found' } }
          : { status: 400, body: { ok: false, error: 'invalid_arguments' } };
      case 'rate-limit':
        return { status: 429, headers: { 'retry-after': String(response.retryAfterSeconds) }, body: { ok: false, error: 'ratelimited' } };
      case 'server-error':
        return { status: 500, headers: { 'content-type': 'text/html' }, body: '<html><body>Internal Server Error</body></html>' };
    }
  };
}

/** Starts a local server that answers `chat.postMessage` as Slack does. */
export async function startSlackDouble(options: { reject?: SlackRejectStyle } = {}): Promise<SlackDouble> {
  const server = await startScriptedServer(reply(options.reject ?? 'platform'));
  return Object.assign(server, { apiBaseUrl: `${server.url}/api/` });
}
