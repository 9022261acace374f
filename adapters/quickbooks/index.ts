/**
 * The QuickBooks Online source for tickler: customers and invoices, with their open
 * balances (how payments arrive), from the Accounting API v3: a paged load with the query
 * endpoint, then Change Data Capture since a cursor of QuickBooks' own time, and webhooks
 * verified with the app's verifier token that name the invoices to re-read.
 *
 * The API calls use `fetch`; `intuit-oauth` (an optional peer dependency) is needed only
 * for {@link intuitTokenProvider}, which turns its `OAuthClient` into the source's tokens.
 *
 * @module tickler/quickbooks
 */
export { quickbooksSource } from './quickbooks-source';
export { QUICKBOOKS_MINOR_VERSION, QUICKBOOKS_PRODUCTION_URL, type QuickBooksSourceConfig } from './quickbooks-config';
export type { QuickBooksFetch, QuickBooksFetchInit } from './quickbooks-client';
export { intuitTokenProvider, type IntuitOAuthClientLike, type IntuitTokenData, type IntuitTokenProviderOptions } from './intuit-token-provider';
export { quickbooksSignature, readQuickBooksWebhookBody, type QuickBooksWebhookEntity } from './quickbooks-webhooks';
