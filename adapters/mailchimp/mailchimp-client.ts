import mailchimp from '@mailchimp/mailchimp_marketing';

/** A merge field value as Mailchimp takes it: text (also dates and phones), a number, or an address. */
export type MailchimpMergeValue = string | number | MailchimpAddress;

/** The value of an `address` merge field. */
export interface MailchimpAddress {
  /** First line. */
  addr1: string;
  /** Second line. */
  addr2?: string | undefined;
  /** City. */
  city: string;
  /** State or region. */
  state: string;
  /** Postal code. */
  zip: string;
  /** Two-letter country code. */
  country?: string | undefined;
}

/** The statuses Mailchimp takes for `status_if_new`. */
export const MAILCHIMP_NEW_STATUSES = ['subscribed', 'pending', 'transactional', 'unsubscribed'] as const;

/** What a member becomes when the add-or-update call adds them. */
export type MailchimpNewStatus = (typeof MAILCHIMP_NEW_STATUSES)[number];

/** The body of `PUT /lists/{list_id}/members/{subscriber_hash}` ("add or update list member"), in Mailchimp's names. */
export interface MailchimpMemberInput {
  /** The member's address; required when the member is new. */
  email_address: string;
  /** The status of a new member; an existing member keeps theirs. */
  status_if_new: MailchimpNewStatus;
  /** Merge field values by merge tag (`FNAME`); tags not sent are left as they are. */
  merge_fields?: Record<string, MailchimpMergeValue> | undefined;
}

/** The body of `PATCH /lists/{list_id}/members/{subscriber_hash}` as tickler sends it. */
export interface MailchimpMemberUpdate {
  /** Merge field values by merge tag. */
  merge_fields: Record<string, MailchimpMergeValue>;
}

/** One tag change for `POST /lists/{list_id}/members/{subscriber_hash}/tags`. */
export interface MailchimpTag {
  /** The tag's name; an unknown tag set `active` is created. */
  name: string;
  /** `active` adds the tag, `inactive` removes it. */
  status: 'active' | 'inactive';
}

/** A list member as Mailchimp answers it (the fields tickler reads). */
export interface MailchimpMember {
  /** The MD5 hash of the lower-cased address: the member's id in the API. */
  id: string;
  /** The id in Mailchimp's web app: `https://{dc}.admin.mailchimp.com/lists/members/view?id={web_id}`. */
  web_id?: number | undefined;
  /** The member's address. */
  email_address?: string | undefined;
  /** The member's status in the audience. */
  status?: string | undefined;
  /** Every merge field of the audience, by merge tag (empty ones as ''). */
  merge_fields?: Record<string, unknown> | undefined;
}

/**
 * The slice of the official `@mailchimp/mailchimp_marketing` client the connector calls
 * (an `ApiClient`'s `lists` and `customerJourneys`), so the SDK's types stay out of
 * tickler's.
 */
export interface MailchimpClient {
  /** The audience (list) APIs. */
  lists: {
    /** `PUT /lists/{list_id}/members/{subscriber_hash}`: add or update a list member. */
    setListMember(listId: string, subscriberHash: string, body: MailchimpMemberInput, opts?: { skipMergeValidation?: boolean | undefined }): Promise<MailchimpMember>;
    /** `PATCH /lists/{list_id}/members/{subscriber_hash}`: update a list member. */
    updateListMember(listId: string, subscriberHash: string, body: MailchimpMemberUpdate): Promise<MailchimpMember>;
    /** `POST /lists/{list_id}/members/{subscriber_hash}/tags`: add or remove member tags (204, no body). */
    updateListMemberTags(listId: string, subscriberHash: string, body: { tags: MailchimpTag[] }): Promise<unknown>;
  };
  /** The Customer Journeys API. */
  customerJourneys: {
    /** `POST /customer-journeys/journeys/{journey_id}/steps/{step_id}/actions/trigger` (204, no body). */
    trigger(journeyId: number, stepId: number, body: { email_address: string }): Promise<unknown>;
  };
}

/** How a client authenticates: an API key (HTTP Basic, any user name) or an OAuth access token (Bearer). */
export type MailchimpCredential = { apiKey: string } | { accessToken: string };

/** The parts of the SDK's `ApiClient` that are set up once, beside the API objects. */
interface SdkApiClient extends MailchimpClient {
  /** The root every call's path is resolved against: `https://server.api.mailchimp.com/3.0`, with `server` replaced by `config.server`. */
  basePath: string;
  setConfig(config: { apiKey?: string; accessToken?: string; server?: string }): void;
}

// The package's export is one process-wide ApiClient (`ApiClient.instance`), whose
// setConfig replaces the credentials and server of every caller in the process: two
// connectors (two accounts) or a host's own use of the SDK would overwrite each other. Its
// API classes take any ApiClient, so tickler makes its own from the instance's
// constructor (the package has no export of the class outside its src/ folder).
const ApiClient = (Object.getPrototypeOf(mailchimp) as { constructor: new () => SdkApiClient }).constructor;

/**
 * An SDK client of its own, authenticating with `credential`. With `basePath` (a proxy, a
 * local double such as `http://127.0.0.1:8080/3.0`) every call goes there and `server` is
 * not given to the SDK: its `buildUrl` replaces the first `server` in the whole URL, which
 * would otherwise rewrite a path. Without it, calls go to `https://{server}.api.mailchimp.com/3.0`.
 * The SDK makes no retries of its own.
 */
export function createMailchimpClient(credential: MailchimpCredential, server: string | null, basePath: string | null): MailchimpClient & { readonly basePath: string } {
  const client = new ApiClient();
  if (basePath !== null) {
    client.basePath = basePath;
    client.setConfig({ ...credential });
  } else client.setConfig({ ...credential, server: server ?? undefined });
  return client;
}
