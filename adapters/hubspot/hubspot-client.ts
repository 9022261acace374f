import { Client } from '@hubspot/api-client';

/** A CRM object as HubSpot answers it (`SimplePublicObject`): its id and its properties, all text. */
export interface HubSpotObject {
  /** The record id, such as `74631946381`. */
  id: string;
  /** Property values by internal name. */
  properties: Record<string, string | null>;
}

// The request types are as loose as the SDK's (its enums are plain strings here), so that
// its Client is a HubSpotClient as it is.

/** The body of `POST /crm/v3/objects/tasks` (`SimplePublicObjectInputForCreate`). */
export interface HubSpotTaskInput {
  /** Property values by internal name, as text. */
  properties: Record<string, string>;
  /** Records the task is associated with when it is created. */
  associations?: HubSpotAssociation[];
}

/** One record a task is associated with, and how (`PublicAssociationsForObject`). */
export interface HubSpotAssociation {
  /** The record, by its id. */
  to: {
    /** The record's id. */
    id: string;
  };
  /** `{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 192 }` for a company, `204` for a contact. */
  types: HubSpotAssociationType[];
}

/** An association type (`AssociationSpec`). */
export interface HubSpotAssociationType {
  /** `HUBSPOT_DEFINED` for HubSpot's own types. */
  associationCategory: string;
  /** The type's id, such as 192 (task to company). */
  associationTypeId: number;
}

/** The body of `POST /crm/v3/objects/tasks/search` (`PublicObjectSearchRequest`). */
export interface HubSpotSearchRequest {
  /** Groups ORed together, of filters ANDed together. */
  filterGroups?: {
    /** The group's filters. */
    filters: HubSpotFilter[];
  }[];
  /** The properties to return. */
  properties?: string[];
  /** The page size, up to 200. */
  limit?: number;
}

/** One search filter (`Filter`). */
export interface HubSpotFilter {
  /** The property's internal name. */
  propertyName: string;
  /** `EQ` for equality. */
  operator: string;
  /** The value to compare with. */
  value?: string | undefined;
}

/** What a search answers (`CollectionResponseWithTotalSimplePublicObjectForwardPaging`). */
export interface HubSpotSearchPage {
  /** How many objects matched. */
  total: number;
  /** The first page of them. */
  results: HubSpotObject[];
}

/** What `GET /crm/v3/owners/` answers (`CollectionResponsePublicOwnerForwardPaging`). */
export interface HubSpotOwnerPage {
  /** The owners found. */
  results: HubSpotOwner[];
}

/** An owner (`PublicOwner`): who a task can be assigned to. */
export interface HubSpotOwner {
  /** The owner id, what `hubspot_owner_id` takes. */
  id: string;
  /** Their email address. */
  email?: string | undefined;
  /** True for a deactivated owner. */
  archived?: boolean | undefined;
}

/**
 * The slice of the official `@hubspot/api-client` `Client` the connector calls, so a host
 * can pass its own client and the SDK's types stay out of tickler's.
 */
export interface HubSpotClient {
  /** The CRM APIs. */
  crm: {
    /** CRM objects. */
    objects: {
      /** Tasks. */
      tasks: {
        /** Single-object calls. */
        basicApi: {
          /** `POST /crm/v3/objects/tasks`. */
          create(input: HubSpotTaskInput): Promise<HubSpotObject>;
        };
        /** Search. */
        searchApi: {
          /** `POST /crm/v3/objects/tasks/search`. */
          doSearch(request: HubSpotSearchRequest): Promise<HubSpotSearchPage>;
        };
      };
    };
    /** Owners. */
    owners: {
      /** The owners API. */
      ownersApi: {
        /** `GET /crm/v3/owners/?email=…&limit=…`. */
        getPage(email?: string, after?: string, limit?: number, archived?: boolean): Promise<HubSpotOwnerPage>;
      };
    };
  };
  /** Makes the next calls carry `token`. */
  setAccessToken(token: string): void;
}

/**
 * An SDK client for `basePath` with `accessToken`, without the SDK's own retries
 * (`numberOfApiCallRetries: 0`) or limiter: tickler retries durably, after HubSpot's
 * rate-limit window.
 */
export function createHubSpotClient(accessToken: string, basePath: string): HubSpotClient {
  const client = new Client({ accessToken, basePath, numberOfApiCallRetries: 0 });
  // The SDK keeps its retry and limiter decorators in one process-wide list, which every
  // new Client overwrites, and applies them when an API object is first built. Building
  // ours now, while the list is this client's (empty), keeps another Client made later
  // with retries from decorating them.
  void client.crm.objects.tasks;
  void client.crm.owners;
  return client;
}
