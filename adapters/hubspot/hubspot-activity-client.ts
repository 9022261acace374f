import { Client } from '@hubspot/api-client';
import type { HubSpotFilter } from './hubspot-client';

/** One sort rule of a search (HubSpot takes one per search). */
export interface HubSpotSort {
  /** The property's internal name. */
  propertyName: string;
  /** `ASCENDING` or `DESCENDING`. */
  direction: 'ASCENDING' | 'DESCENDING';
}

/** The body of `POST /crm/v3/objects/contacts/search` (`PublicObjectSearchRequest`). */
export interface HubSpotContactSearchRequest {
  /** Groups ORed together, of filters ANDed together. */
  filterGroups?: {
    /** The group's filters. */
    filters: HubSpotFilter[];
  }[];
  /** The sort rule. The SDK types it as text; HubSpot documents `{ propertyName, direction }`, which the SDK passes through. */
  sorts?: (string | HubSpotSort)[];
  /** The properties to return. */
  properties?: string[];
  /** The page size, up to 200. */
  limit?: number;
  /** HubSpot's paging token (an offset into the results), from `paging.next.after`. */
  after?: string;
}

/** A contact as a search answers it (`SimplePublicObject`). */
export interface HubSpotContact {
  /** The contact's record id, such as `51234`. */
  id: string;
  /** The properties asked for (and HubSpot's defaults), as text. */
  properties: Record<string, string | null>;
}

/** What a contact search answers (`CollectionResponseWithTotalSimplePublicObjectForwardPaging`). */
export interface HubSpotContactSearchPage {
  /** How many contacts matched. */
  total: number;
  /** This page of them. */
  results: HubSpotContact[];
  /** Present while more results are waiting. */
  paging?: {
    /** The next page. */
    next?: {
      /** The token for the request's `after`. */
      after: string;
    };
  };
}

/**
 * The slice of the official `@hubspot/api-client` `Client` the activity source calls, so a
 * host can pass its own client and the SDK's types stay out of tickler's.
 */
export interface HubSpotActivityClient {
  /** The CRM APIs. */
  crm: {
    /** Contacts. */
    contacts: {
      /** Search. */
      searchApi: {
        /** `POST /crm/v3/objects/contacts/search`. */
        doSearch(request: HubSpotContactSearchRequest): Promise<HubSpotContactSearchPage>;
      };
    };
  };
  /** Makes the next calls carry `token`. */
  setAccessToken(token: string): void;
}

/**
 * An SDK client for `basePath` with `accessToken`, without the SDK's retries
 * (`numberOfApiCallRetries: 0`) or limiter: tickler retries durably, after HubSpot's
 * rate-limit window. The contacts API object is built at once, while the SDK's
 * process-wide decorator list is this client's (see `createHubSpotClient`).
 */
export function createHubSpotActivityClient(accessToken: string, basePath: string): HubSpotActivityClient {
  const client = new Client({ accessToken, basePath, numberOfApiCallRetries: 0 });
  void client.crm.contacts.searchApi;
  return client;
}
