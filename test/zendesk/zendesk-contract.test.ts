import { runConnectorContract } from 'tickler/testing';
import { zendeskConnector } from 'tickler/zendesk';
import { startZendeskDouble } from './zendesk-double';

// node-zendesk's own client, pointed at the double through endpointUri. The customers of
// the suite have an email and no link: their email is the requester, as for a customer
// without links.zendesk in production (so checkLink({}) is null and the link case has
// nothing to refuse).
runConnectorContract('zendesk', async (tokens) => {
  const double = await startZendeskDouble();
  const connector = zendeskConnector({ endpointUri: double.endpointUri, accessToken: tokens });
  return { connector, double, operation: 'ticket', link: {}, close: () => double.close() };
});
