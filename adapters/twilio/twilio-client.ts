import twilio from 'twilio';
import { RedirectingRequestClient } from './twilio-request-client';

/**
 * The parameters of Twilio's Create Message call that tickler sends, in the SDK's
 * camel case (`to` is sent as `To`, `contentSid` as `ContentSid`…).
 */
export interface TwilioMessageCreateParams {
  /** The recipient: `+33612345678`, or `whatsapp:+33612345678`. */
  to: string;
  /** The sender: a number, short code or sender ID, or `whatsapp:+1…`. */
  from?: string;
  /** The Messaging Service (`MG…`) to send through. */
  messagingServiceSid?: string;
  /** The text. */
  body?: string;
  /** A content template (`HX…`). */
  contentSid?: string;
  /** The template's variables, as a JSON object of strings such as `{"1":"INV-1"}`. */
  contentVariables?: string;
  /** Where Twilio posts status updates of the message. */
  statusCallback?: string;
}

/** What Twilio's Create Message call resolves to; tickler reads only the SID. */
export interface TwilioMessageResource {
  /** The message SID (`SM…`, or `MM…` for MMS). */
  sid: string;
}

/**
 * The slice of the Twilio SDK client that tickler calls. A client made with
 * `twilio(accountSid, authToken)` has it; so can any object a host wraps around its own.
 */
export interface TwilioClient {
  /** The account's Messages resource. */
  messages: {
    /** Creates (sends) a message. Rejects with the SDK's `RestException` when Twilio refuses it. */
    create(params: TwilioMessageCreateParams): Promise<TwilioMessageResource>;
  };
}

/** What {@link createTwilioClient} needs. */
export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  apiBaseUrl: string;
  timeoutMs: number;
}

/** Makes an SDK client whose HTTP calls go through {@link RedirectingRequestClient}. */
export function createTwilioClient(options: TwilioClientOptions): TwilioClient {
  const httpClient = new RedirectingRequestClient({ apiBaseUrl: options.apiBaseUrl, timeoutMs: options.timeoutMs });
  // Credentials are passed explicitly so TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN in the environment never win.
  return twilio(options.accountSid, options.authToken, { httpClient, autoRetry: false, timeout: options.timeoutMs });
}
