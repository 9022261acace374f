import type { CustomerActivity } from '../model/automation';

/** Customers' last activity per kind. */
export interface ActivityRepository {
  /**
   * Records an activity: the stored time for the customer and kind becomes the later of
   * the stored one and `activity.at` (an activity recorded late never moves it back).
   * Returns the time now stored. Its customer MUST exist.
   */
  record(activity: CustomerActivity): Promise<Date>;
  /** The latest activity of the customer: of `kind`, or of any kind when `kind` is null; null when none. */
  last(tenantId: string, customerId: string, kind: string | null): Promise<Date | null>;
}
