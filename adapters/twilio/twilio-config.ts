import { z } from 'zod';
import { ValidationError, type Clock } from 'tickler/adapter';
import type { TwilioClient } from './twilio-client';
import { TWILIO_API_BASE_URL } from './twilio-request-client';

/** Options shared by {@link TwilioSmsConfig} and {@link TwilioWhatsAppConfig}. */
export interface TwilioCommonConfig {
  /**
   * Your Account SID (`AC` and 32 hex characters, from the Twilio Console). Required
   * unless you pass `client`.
   */
  accountSid?: string | undefined;
  /** Your Auth Token. Required unless you pass `client`. */
  authToken?: string | undefined;
  /**
   * A Twilio client you already have (`twilio(accountSid, authToken)` fits), instead of
   * `accountSid` and `authToken`. tickler then cannot read `Retry-After` (a 429 is
   * still retryable, without a wait hint), and timeouts are the client's own.
   */
  client?: TwilioClient | undefined;
  /**
   * A Messaging Service (`MG…`) to send through. For SMS it can replace `from`: Twilio
   * then picks the sender from the service's pool.
   */
  messagingServiceSid?: string | undefined;
  /** Where Twilio posts delivery status updates of each message (`StatusCallback`). */
  statusCallback?: string | undefined;
  /** The channel's name among the channels given to tickler. Default `sms` or `whatsapp`. */
  name?: string | undefined;
  /** How long one API call may take before it counts as failed (retryable), in ms. Default 15000. */
  timeoutMs?: number | undefined;
  /** Where the Twilio REST API lives. Default `https://api.twilio.com`; set it for a proxy or a test double. */
  apiBaseUrl?: string | undefined;
  /** Reads "now" to turn a `Retry-After` date into a wait. Default a `SystemClock`. */
  clock?: Clock | undefined;
  /**
   * The Auth Token Twilio signs its webhooks with (status callbacks, incoming messages),
   * for `messages.handleWebhook`. Default `authToken`; give it when you pass `client`.
   */
  webhookAuthToken?: string | undefined;
}

/** Options of {@link twilioSms}: give `from`, `messagingServiceSid`, or both. */
export interface TwilioSmsConfig extends TwilioCommonConfig {
  /**
   * The sender: your Twilio number in E.164 (`+15005550006`), a short code (`12345`) or
   * an alphanumeric sender ID (`ACME`, where the destination country allows it).
   */
  from?: string | undefined;
}

/** Options of {@link twilioWhatsApp}. */
export interface TwilioWhatsAppConfig extends TwilioCommonConfig {
  /** Your WhatsApp sender number in E.164 (`+15005550006`), without the `whatsapp:` prefix: tickler adds it. */
  from: string;
}

/** How the channel reaches Twilio: the host's client, or credentials for one tickler makes. */
export type TwilioConnection = { client: TwilioClient } | { accountSid: string; authToken: string; apiBaseUrl: string; timeoutMs: number };

/** A validated configuration, defaults applied. */
export interface ResolvedTwilioConfig {
  connection: TwilioConnection;
  from: string | undefined;
  messagingServiceSid: string | undefined;
  statusCallback: string | undefined;
  name: string;
  clock: Clock | undefined;
  /** The token webhooks are verified with; null when none was given (the channel then has no webhooks). */
  webhookAuthToken: string | null;
}


const E164 = /^\+[1-9]\d{6,14}$/;
const SHORT_CODE = /^\d{3,8}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

const httpUrl = (field: string) =>
  z.url({ protocol: /^https?$/, error: `${field} must be an http(s) URL such as https://example.com/twilio/status.` });

const commonShape = {
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, { error: 'accountSid is your Account SID: AC followed by 32 hex characters, from the Twilio Console.' }).optional(),
  authToken: z.string().min(1, { error: 'authToken is empty; copy the Auth Token from the Twilio Console.' }).optional(),
  client: z
    .custom<TwilioClient>((v) => typeof (v as { messages?: { create?: unknown } } | null)?.messages?.create === 'function', {
      error: 'client must be a Twilio client (anything with messages.create), such as twilio(accountSid, authToken).',
    })
    .optional(),
  messagingServiceSid: z.string().regex(/^MG[0-9a-fA-F]{32}$/, { error: 'messagingServiceSid is a Messaging Service SID: MG followed by 32 hex characters.' }).optional(),
  statusCallback: httpUrl('statusCallback').optional(),
  name: z.string().trim().min(1, { error: 'name is empty; leave it out for the default.' }).optional(),
  timeoutMs: z.number().int({ error: 'timeoutMs is a whole number of milliseconds.' }).min(1, { error: 'timeoutMs must be positive.' }).max(600_000, { error: 'timeoutMs is at most 600000 (10 minutes).' }).optional(),
  apiBaseUrl: httpUrl('apiBaseUrl').optional(),
  clock: z.custom<Clock>((v) => typeof (v as { now?: unknown } | null)?.now === 'function', { error: 'clock must have a now() method.' }).optional(),
  webhookAuthToken: z.string().min(1, { error: 'webhookAuthToken is empty; copy the Auth Token from the Twilio Console.' }).optional(),
};

const smsSchema = z.strictObject({
  ...commonShape,
  from: z
    .string()
    .trim()
    .refine((v) => E164.test(v) || SHORT_CODE.test(v) || ALPHANUMERIC_SENDER.test(v), {
      error: 'from is your Twilio number in E.164 (such as +15005550006), a short code, or an alphanumeric sender ID of at most 11 characters.',
    })
    .optional(),
});

const whatsappSchema = z.strictObject({
  ...commonShape,
  from: z
    .string({ error: 'from is required: your WhatsApp sender number in E.164, such as +15005550006.' })
    .trim()
    .regex(E164, { error: 'from is your WhatsApp sender number in E.164 (such as +15005550006), without the whatsapp: prefix.' }),
});

type Parsed = z.infer<typeof smsSchema>;

function credentialIssues(config: Parsed, ctx: z.RefinementCtx): void {
  if (config.client !== undefined) {
    for (const key of ['authToken', 'apiBaseUrl', 'timeoutMs'] as const) {
      if (config[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} configures the client tickler makes; with your own client, set it on that client instead.` });
    }
    return;
  }
  if (config.accountSid === undefined) ctx.addIssue({ code: 'custom', path: ['accountSid'], message: 'accountSid is required (AC…, from the Twilio Console), unless you pass client.' });
  if (config.authToken === undefined) ctx.addIssue({ code: 'custom', path: ['authToken'], message: 'authToken is required (from the Twilio Console), unless you pass client.' });
}

function resolve(config: Parsed, defaultName: string): ResolvedTwilioConfig {
  const connection: TwilioConnection =
    config.client !== undefined
      ? { client: config.client }
      : {
          // credentialIssues() has refused a config without a client and without both of these.
          accountSid: config.accountSid as string,
          authToken: config.authToken as string,
          apiBaseUrl: (config.apiBaseUrl ?? TWILIO_API_BASE_URL).replace(/\/+$/, ''),
          timeoutMs: config.timeoutMs ?? 15_000,
        };
  return {
    connection,
    from: config.from,
    messagingServiceSid: config.messagingServiceSid,
    statusCallback: config.statusCallback,
    name: config.name ?? defaultName,
    clock: config.clock,
    webhookAuthToken: config.webhookAuthToken ?? config.authToken ?? null,
  };
}

/** Validates a {@link TwilioSmsConfig}; throws a `ValidationError` naming the field at fault. */
export function parseTwilioSmsConfig(config: TwilioSmsConfig): ResolvedTwilioConfig {
  const schema = smsSchema.superRefine((c, ctx) => {
    credentialIssues(c, ctx);
    if (c.from === undefined && c.messagingServiceSid === undefined) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'from is required (your Twilio number in E.164, such as +15005550006), unless you give messagingServiceSid.' });
    }
  });
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return resolve(result.data, 'sms');
}

/** Validates a {@link TwilioWhatsAppConfig}; throws a `ValidationError` naming the field at fault. */
export function parseTwilioWhatsAppConfig(config: TwilioWhatsAppConfig): ResolvedTwilioConfig {
  const result = whatsappSchema.superRefine(credentialIssues).safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return resolve(result.data, 'whatsapp');
}
