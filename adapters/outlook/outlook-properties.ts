/**
 * The named MAPI property that carries tickler's idempotency key on every draft (and so on
 * the sent message, which is the same item moved to Sent Items). Graph filters messages
 * on single-value extended properties (`singleValueExtendedProperties/Any(...)`), which
 * it does not do on `internetMessageHeaders`. The GUID names tickler's own property set.
 */
export const KEY_PROPERTY_ID = 'String {8f7b3c52-6d1e-4a09-b5c4-2e7d91a0f3b6} Name TicklerIdempotencyKey';

/** The custom Internet header that carries tickler's idempotency key in the email itself. */
export const KEY_HEADER = 'x-tickler-key';

/** PidTagMessageClass: `IPM.Note` for mail, `REPORT.IPM.Note.NDR` for a non-delivery report. */
export const MESSAGE_CLASS_PROPERTY_ID = 'String 0x001A';
