import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import type { JsonValue } from 'tickler';

/** An email address with an optional display name, as SendGrid's v3 API takes it. */
export interface SendGridEmailAddress {
  /** The address, such as `billing@acme.example`. */
  email: string;
  /** The display name; omitted when unknown. */
  name?: string | undefined;
}

/** One personalization: the recipients of one copy of the email. */
export interface SendGridPersonalization {
  /** Who receives this copy; they see each other in the `To` header. */
  to: SendGridEmailAddress[];
}

/** The fields of {@link SendGridMailData} that do not depend on the kind of body. */
export interface SendGridMailFields {
  /** One entry per copy of the email. */
  personalizations: SendGridPersonalization[];
  /** The sender; SendGrid requires a verified sender identity. */
  from: SendGridEmailAddress;
  /** Where replies go. */
  replyTo?: SendGridEmailAddress | undefined;
  /** The subject; optional when a dynamic template defines one. */
  subject?: string | undefined;
  /** The plain text part (sent first, as `text/plain`). */
  text?: string | undefined;
  /** The HTML part (sent second, as `text/html`). */
  html?: string | undefined;
  /** A dynamic template id (`d-…`). */
  templateId?: string | undefined;
  /** The variables of the dynamic template; the SDK copies them into each personalization. */
  dynamicTemplateData?: Record<string, JsonValue> | undefined;
  /** Categories for SendGrid's statistics (at most 10). */
  categories?: string[] | undefined;
  /** Echoed back in every Event Webhook event of the email. */
  customArgs?: Record<string, string> | undefined;
  /** SendGrid mail settings; tickler sets sandbox mode only. */
  mailSettings?:
    | {
        /** Sandbox mode: SendGrid validates the email and delivers nothing. */
        sandboxMode?:
          | {
              /** True to validate only. */
              enable?: boolean | undefined;
            }
          | undefined;
      }
    | undefined;
  /** Silences the SDK's console warning about quotes and ampersands in template data. */
  hideWarnings?: boolean | undefined;
}

/**
 * What tickler passes to {@link SendGridMailClient.send}: the `@sendgrid/mail` message
 * format (camelCase; the SDK turns it into the v3 JSON body). It always has a body: a
 * text part, an HTML part or a template.
 */
export type SendGridMailData = SendGridMailFields &
  (
    | {
        /** The plain text part. */
        text: string;
      }
    | {
        /** The HTML part. */
        html: string;
      }
    | {
        /** A dynamic template id (`d-…`). */
        templateId: string;
      }
  );

/** The slice of the SDK's `ClientResponse` tickler reads. */
export interface SendGridClientResponse {
  /** 202 when accepted (200 in sandbox mode). */
  statusCode: number;
  /** The response headers; tickler reads `X-Message-Id`. */
  headers: unknown;
}

/**
 * The slice of `@sendgrid/mail`'s `MailService` that tickler calls. A host can pass its
 * own configured `MailService` (or anything with this `send`): it must resolve only for a
 * 2xx answer and reject with the SDK's `ResponseError` (`code`, `response.headers`,
 * `response.body`) otherwise, and it must not retry by itself.
 */
export interface SendGridMailClient {
  /** Sends one email through POST /v3/mail/send. */
  send(data: SendGridMailData): Promise<[SendGridClientResponse, unknown]>;
}

/** What {@link createSendGridClient} needs. */
export interface SendGridClientOptions {
  apiKey: string;
  apiBaseUrl: string;
  timeoutMs: number;
}

/**
 * A `MailService` on its own `Client`, so that two channels with different keys do not
 * share the SDK's module-level singleton.
 */
export function createSendGridClient(options: SendGridClientOptions): SendGridMailClient {
  const client = new Client();
  client.setApiKey(options.apiKey);
  // setApiKey resets baseUrl to the region's host, so the base URL is set after it.
  client.setDefaultRequest('baseUrl', options.apiBaseUrl);
  const mail = new MailService();
  mail.setClient(client);
  // The SDK's typed path to client.setDefaultRequest('timeout', …), axios's request timeout.
  mail.setTimeout(options.timeoutMs);
  return mail;
}
