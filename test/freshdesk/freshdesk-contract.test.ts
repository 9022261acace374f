import { freshdeskConnector } from 'tickler/freshdesk';
import { runConnectorContract } from 'tickler/testing';
import { startFreshdeskDouble } from './freshdesk-double';

// Freshdesk's REST API v2 over fetch, pointed at the double through `domain`. The
// requester is an address the double's account does not know yet: the first ticket
// makes its contact, as Freshdesk does, and a retry's look-up must then find the ticket.
runConnectorContract('freshdesk', async (tokens) => {
  const double = await startFreshdeskDouble();
  const connector = freshdeskConnector({ domain: double.url, apiKey: tokens });
  return { connector, double, operation: 'ticket', link: { requesterEmail: 'billing@martin-freres.example' }, close: () => double.close() };
});
