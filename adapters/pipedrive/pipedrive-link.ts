import type { PipedriveActivityQuery } from './pipedrive-client';

/** The keys of `links.pipedrive` tickler reads, most specific first. */
export const LINK_KEYS = ['dealId', 'personId', 'orgId'] as const;

/** A customer's link as Pipedrive ids. */
export interface PipedriveLink {
  /** The deal the activity is on. */
  dealId: number | null;
  /** The person the activity is with (its primary participant). */
  personId: number | null;
  /** The organization the activity is on. */
  orgId: number | null;
}

const ID = /^[1-9][0-9]{0,15}$/;

const isId = (value: string): boolean => ID.test(value) && Number(value) <= Number.MAX_SAFE_INTEGER;

/** What is missing or wrong in a customer's link, as a sentence naming the key to set; null when it is enough. */
export function linkProblem(name: string, link: Readonly<Record<string, string>>): string | null {
  const present = LINK_KEYS.filter((k) => link[k] !== undefined);
  if (present.length === 0) {
    const others = Object.keys(link);
    const seen = others.length === 0 ? '' : ` (it has ${others.map((k) => `"${k}"`).join(', ')}, which tickler does not read)`;
    return `Set links.${name}.dealId, personId or orgId on the customer: the id of a Pipedrive deal, person or organization, digits only${seen}.`;
  }
  for (const key of present) {
    const value = link[key] as string;
    if (!isId(value)) return `links.${name}.${key} "${value}" is not a Pipedrive id: it is a whole number, such as 42 in https://acme.pipedrive.com/${key === 'dealId' ? 'deal' : key === 'personId' ? 'person' : 'organization'}/42.`;
  }
  return null;
}

/** The link's ids (checked with {@link linkProblem} before). */
export function parseLink(link: Readonly<Record<string, string>>): PipedriveLink {
  const id = (key: (typeof LINK_KEYS)[number]): number | null => (link[key] !== undefined && isId(link[key]) ? Number(link[key]) : null);
  return { dealId: id('dealId'), personId: id('personId'), orgId: id('orgId') };
}

/**
 * The filter of `GET /api/v2/activities` that lists the activities an earlier attempt
 * could have made: on the deal when the link has one (Pipedrive keeps the deal of an
 * activity as given), else with the person, else on the organization.
 */
export function lookupFilter(link: PipedriveLink): PipedriveActivityQuery {
  if (link.dealId !== null) return { deal_id: link.dealId };
  if (link.personId !== null) return { person_id: link.personId };
  return { org_id: link.orgId ?? undefined };
}

/** The page in Pipedrive's web app where the activity shows: its deal, person or organization. */
export function linkPage(appUrl: string, link: PipedriveLink): string | null {
  if (link.dealId !== null) return `${appUrl}/deal/${link.dealId}`;
  if (link.personId !== null) return `${appUrl}/person/${link.personId}`;
  if (link.orgId !== null) return `${appUrl}/organization/${link.orgId}`;
  return null;
}
