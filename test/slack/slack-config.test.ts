import { isTicklerError, type ValidationError } from 'tickler';
import { slackChat, type SlackChatConfig } from 'tickler/slack';
import { describe, expect, it } from 'vitest';

function invalid(config: SlackChatConfig): ValidationError {
  try {
    slackChat(config);
  } catch (error) {
    if (isTicklerError(error) && error.code === 'VALIDATION_FAILED') return error as ValidationError;
    throw error;
  }
  throw new Error('Expected slackChat to refuse the config.');
}

const client = { chat: { postMessage: async () => ({ ok: true, channel: 'C1', ts: '1.1' }) } };

describe('slackChat: config validation names the field', () => {
  it.each<[string, SlackChatConfig, string, RegExp]>([
    ['neither token nor client', {}, 'token', /token \(xoxb-…\) or a client/],
    ['both token and client', { token: 'xoxb-1', client }, 'token', /not both/],
    ['an empty token', { token: '' }, 'token', /empty/],
    ['a token with a newline', { token: 'xoxb-1\n' }, 'token', /whitespace/],
    ['a client without chat.postMessage', { client: {} as never }, 'client', /chat\.postMessage/],
    ['a blank defaultChannel', { token: 'xoxb-1', defaultChannel: ' ' }, 'defaultChannel', /channel id/],
    ['a blank name', { token: 'xoxb-1', name: '' }, 'name', /empty/],
    ['a negative timeout', { token: 'xoxb-1', timeoutMs: -5 }, 'timeoutMs', /positive/],
    ['a fractional timeout', { token: 'xoxb-1', timeoutMs: 1.5 }, 'timeoutMs', /whole/],
    ['a relative apiBaseUrl', { token: 'xoxb-1', apiBaseUrl: '/api/' }, 'apiBaseUrl', /absolute http/],
    ['an ftp apiBaseUrl', { token: 'xoxb-1', apiBaseUrl: 'ftp://slack.example/api/' }, 'apiBaseUrl', /absolute http/],
    ['a non-boolean unfurlLinks', { token: 'xoxb-1', unfurlLinks: 'yes' as never }, 'unfurlLinks', /boolean/],
    ['timeoutMs beside a client', { client, timeoutMs: 1000 }, 'timeoutMs', /your own client/],
    ['apiBaseUrl beside a client', { client, apiBaseUrl: 'https://slack.example/api/' }, 'apiBaseUrl', /your own client/],
  ])('%s', (_title, config, path, message) => {
    const error = invalid(config);
    expect(error.path).toBe(path);
    expect(error.issues[0]?.message).toMatch(message);
  });

  it('refuses an unknown option, such as a misspelt one', () => {
    const error = invalid({ token: 'xoxb-1', defaultchannel: 'C1' } as SlackChatConfig);
    expect(error.message).toContain('defaultchannel');
  });

  it('accepts a token alone or a client alone', () => {
    expect(slackChat({ token: 'xoxb-1' }).kind).toBe('chat');
    expect(slackChat({ client, defaultChannel: 'C1', name: 'ops', unfurlLinks: true }).name).toBe('ops');
  });
});
