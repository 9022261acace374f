import { PAGE, type AcContactAutomation, type ActiveCampaignCall, type ActiveCampaignClient } from './activecampaign-client';

/**
 * Whether the contact is still in the automation: status 1, or no removal date yet on an
 * entry that has not ended (status 2). The reference documents no status values, so an
 * entry in doubt counts as running: the cost is a passage not started, never a second one.
 */
function stillIn(entry: AcContactAutomation): boolean {
  const status = String(entry.status);
  return status === '1' || (status !== '2' && (entry.remdate ?? '') === '');
}

/** What the automation guard is given beside the contact and the automation. */
export interface AutomationGuard {
  /** When tickler queued the operation: no earlier attempt can have added the contact before it. */
  queuedAt: Date;
  /** How far ActiveCampaign's clock may lag tickler's, in ms. */
  clockSkewMs: number;
  /** How many pages of 100 of the contact's automation history to read. */
  pages: number;
}

/**
 * Adds the contact to the automation unless its history shows it needs no adding: an
 * entry still running (adding again could start a second passage), or one made since the
 * operation was queued (less the clock skew allowed), which only an earlier attempt of
 * this operation can have made. An older passage that ended does not count: the
 * automation may run again for a new cause.
 */
export async function addToAutomation(client: ActiveCampaignClient, contactId: string, automationId: string, guard: AutomationGuard, call: ActiveCampaignCall): Promise<void> {
  const since = guard.queuedAt.getTime() - guard.clockSkewMs;
  for (let page = 0; page < guard.pages; page++) {
    const entries = await client.contactAutomations(contactId, page * PAGE, call);
    const done = entries.some((e) => String(e.automation) === automationId && (stillIn(e) || Date.parse(e.adddate ?? '') >= since));
    if (done) return;
    if (entries.length < PAGE) break;
  }
  await client.addContactAutomation(contactId, automationId, call);
}
