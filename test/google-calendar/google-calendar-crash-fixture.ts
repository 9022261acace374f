import { googleCalendarConnector } from 'tickler/google-calendar';
import type { ConnectorCrashFixture } from '../connectors/crash-fixture';
import { startGoogleCalendarDouble } from './google-calendar-double';

/** Google Calendar in the connector crash test: an event whose id is derived from the idempotency key (409 `duplicate`, then `events.get`). */
export const googleCalendarCrash: ConnectorCrashFixture = {
  name: 'google-calendar',
  operation: 'event',
  link: {},
  startDouble: startGoogleCalendarDouble,
  connector: (url, tokens) => googleCalendarConnector({ rootUrl: url, accessToken: tokens }),
};
