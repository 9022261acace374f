import type { ConnectorCrashFixture } from './crash-fixture';
import { airtableCrash } from '../airtable/airtable-crash-fixture';
import { freshdeskCrash } from '../freshdesk/freshdesk-crash-fixture';
import { hubspotCrash } from '../hubspot/hubspot-crash-fixture';
import { googleCalendarCrash } from '../google-calendar/google-calendar-crash-fixture';
import { pipedriveCrash } from '../pipedrive/pipedrive-crash-fixture';
import { salesforceCrash } from '../salesforce/salesforce-crash-fixture';
import { zendeskCrash } from '../zendesk/zendesk-crash-fixture';
import { zohoCrash } from '../zoho/zoho-crash-fixture';
import { mailchimpCrash } from '../mailchimp/mailchimp-crash-fixture';
import { activecampaignCrash } from '../activecampaign/activecampaign-crash-fixture';

/** Every adapter the connector crash test runs, one each. */
export const CRASH_FIXTURES: readonly ConnectorCrashFixture[] = [salesforceCrash, hubspotCrash, pipedriveCrash, zohoCrash, freshdeskCrash, zendeskCrash, googleCalendarCrash, airtableCrash, mailchimpCrash, activecampaignCrash];
