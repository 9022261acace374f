import type { SendWindow } from '../model/send-window';
import type { AccessPolicy } from '../access/access-policy';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import type { Store } from '../storage/store';
import type { Clock } from '../time/clock';
import type { EngineKey } from './engine-key';

/** Defaults for tenants that configured nothing. */
export interface TenantDefaults {
  /** IANA zone. */
  timezone: string;
  /** BCP 47 locale. */
  locale: string;
  /** Two-letter country for national phone numbers, or null. */
  defaultCountry: string | null;
  /** Hours customer messages may go out, or null for any time. */
  sendWindow: SendWindow | null;
}

/** The wired ports every service works through. Internal. */
export interface Engine {
  readonly store: Store;
  readonly clock: Clock;
  readonly bus: EventBus;
  readonly policy: AccessPolicy;
  readonly logger: Logger;
  readonly newId: () => string;
  readonly defaults: TenantDefaults;
  /** The part a domain added under `key` (messaging, automations); throws when none was. */
  get<T>(key: EngineKey<T>): T;
  /** The part added under `key`, or undefined. */
  find<T>(key: EngineKey<T>): T | undefined;
}
