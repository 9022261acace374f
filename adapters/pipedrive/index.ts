/**
 * The Pipedrive connector for tickler: activities for the relationship manager on the
 * customer's deal, person or organization, through the official `pipedrive` SDK (API v2
 * activities). Pipedrive has no idempotency key for activities, so tickler marks each
 * activity it makes with the operation's key, in its note, and looks for that marker
 * before creating one: a retry finds the activity the first attempt made.
 *
 * `pipedrive` is an optional peer dependency: install it to use this entry.
 *
 * @module tickler/pipedrive
 */
export { pipedriveConnector } from './pipedrive-connector';
export type { PipedriveConnectorConfig } from './pipedrive-config';
export { pipedriveActivitySource, type PipedriveActivitySourceConfig } from './pipedrive-activity-source';
