import { googleCalendarConnector } from 'tickler/google-calendar';
import { runConnectorContract } from 'tickler/testing';
import { startGoogleCalendarDouble } from './google-calendar-double';

// The official @googleapis/calendar client, pointed at the double through rootUrl. The
// connector needs no customer link, so the suite's no-link case passes trivially.
runConnectorContract('google-calendar', async (tokens) => {
  const double = await startGoogleCalendarDouble();
  const connector = googleCalendarConnector({ rootUrl: double.url, accessToken: tokens });
  return { connector, double, operation: 'event', link: {}, close: () => double.close() };
});
