import { slackChat } from 'tickler/slack';
import { runChannelContract } from 'tickler/testing';
import { startSlackDouble } from './slack-double';

// The official WebClient, pointed at the double through its own slackApiUrl option.
runChannelContract('slack', async () => {
  const provider = await startSlackDouble();
  const channel = slackChat({ token: 'xoxb-contract-token', apiBaseUrl: provider.apiBaseUrl });
  return { channel, provider, address: 'C0123456789', close: () => provider.close() };
});
