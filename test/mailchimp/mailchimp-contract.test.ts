import { mailchimpConnector } from 'tickler/mailchimp';
import { runConnectorContract } from 'tickler/testing';
import { JOURNEY, LIST_ID, startMailchimpDouble } from './mailchimp-double';

// The whole record: merge fields, a tag and a journey trigger, so a retry's guard is exercised too.
const fields = { merge_fields: { FNAME: 'Contract' }, tags: [{ name: 'inactive-60-days', status: 'active' }], journey: { ...JOURNEY } };

// The official @mailchimp/mailchimp_marketing ApiClient, pointed at the double through its basePath.
runConnectorContract('mailchimp (OAuth access token)', async (tokens) => {
  const double = await startMailchimpDouble();
  const connector = mailchimpConnector({ accessToken: tokens, basePath: `${double.url}/3.0` });
  return { connector, double, operation: 'record', link: { listId: LIST_ID }, fields, close: () => double.close() };
});

runConnectorContract('mailchimp (API key)', async (tokens) => {
  const double = await startMailchimpDouble();
  const connector = mailchimpConnector({ apiKey: tokens, basePath: `${double.url}/3.0` });
  return { connector, double, operation: 'record', link: { listId: LIST_ID }, fields, close: () => double.close() };
});
