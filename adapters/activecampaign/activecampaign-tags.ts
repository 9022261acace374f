import { ActiveCampaignHttpError, type ActiveCampaignCall, type ActiveCampaignClient } from './activecampaign-client';

/**
 * Adds the tags the contact lacks and removes the ones it has of `remove`. The contact's
 * tags are read first, so a retry adds nothing twice; a removal already made finds
 * nothing to remove.
 */
export async function syncContactTags(client: ActiveCampaignClient, contactId: string, tags: { add: string[]; remove: string[]; description: string }, call: ActiveCampaignCall): Promise<void> {
  if (tags.add.length === 0 && tags.remove.length === 0) return;
  const onContact = await client.contactTags(contactId, call);
  const present = new Set(onContact.map((ct) => String(ct.tag)));
  for (const name of tags.add) {
    const tagId = (await findTag(client, name, call)) ?? (await createTag(client, name, tags.description, call));
    if (present.has(tagId)) continue;
    await client.addContactTag(contactId, tagId, call);
    present.add(tagId);
  }
  for (const name of tags.remove) {
    const tagId = await findTag(client, name, call);
    // A tag the account does not have is on no contact: nothing to remove.
    if (tagId === null) continue;
    for (const ct of onContact.filter((c) => String(c.tag) === tagId)) await client.removeContactTag(String(ct.id), call);
  }
}

/** The id of the contact tag named `name` (ActiveCampaign treats tag names case-insensitively), or null. */
async function findTag(client: ActiveCampaignClient, name: string, call: ActiveCampaignCall): Promise<string | null> {
  const wanted = name.trim().toLowerCase();
  // The search matches parts of names, and template tags share the namespace: keep the exact contact tag.
  const found = (await client.searchTags(name.trim(), call)).find((t) => t.tag.trim().toLowerCase() === wanted && (t.tagType ?? 'contact') === 'contact');
  return found === undefined ? null : String(found.id);
}

async function createTag(client: ActiveCampaignClient, name: string, description: string, call: ActiveCampaignCall): Promise<string> {
  try {
    return String((await client.createTag(name.trim(), description, call)).id);
  } catch (error) {
    // Another run made the tag between the look-up and the create: ActiveCampaign refuses a second of that name.
    if (error instanceof ActiveCampaignHttpError && error.status === 422) {
      const again = await findTag(client, name, call);
      if (again !== null) return again;
    }
    throw error;
  }
}
