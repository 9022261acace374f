import { slackChat } from 'tickler/slack';
import { CHANNEL_CONTRACT_CASES, runChannelContract } from 'tickler/testing';

const R = 'Slack messages go to people inside the business: Slack reports no delivery, and the channel reads no replies.';
const NO_WEBHOOKS = Object.fromEntries(CHANNEL_CONTRACT_CASES.filter((c) => c.name.includes('webhooks:')).map((c) => [c.name, R]));
import { startSlackDouble } from './slack-double';

// The official WebClient, pointed at the double through its own slackApiUrl option.
runChannelContract('slack', async () => {
  const provider = await startSlackDouble();
  const channel = slackChat({ token: 'xoxb-contract-token', apiBaseUrl: provider.apiBaseUrl });
  return { channel, provider, address: 'C0123456789', close: () => provider.close() };
}, { skip: NO_WEBHOOKS });
