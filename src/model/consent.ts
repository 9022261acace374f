import type { ChannelKind } from './channel-kind';

/** Opted out (no customer message on that channel kind) or opted in again. */
export type ConsentStatus = 'opted_out' | 'opted_in';

/** A customer's consent for one channel kind. With no record, messages are allowed. */
export interface ConsentRecord {
  /** The tenant. */
  tenantId: string;
  /** The customer. */
  customerId: string;
  /** The channel kind it applies to. */
  channel: ChannelKind;
  /** The current status. */
  status: ConsentStatus;
  /** When it was last set. */
  at: Date;
  /** How: `keyword` (an inbound STOP or START), `api`, or another host-given source. */
  source: string;
  /** The keyword or the reason given. */
  detail: string | null;
}
