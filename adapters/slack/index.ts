/**
 * The Slack channel for tickler: internal notifications (a dunning step needs review, a
 * customer asked for a callback) posted to Slack channels or users with
 * `chat.postMessage` through the official `@slack/web-api` client.
 *
 * `@slack/web-api` is an optional peer dependency: install it to use this entry.
 *
 * @module tickler/slack
 */
export { slackChat, SLACK_METADATA_EVENT_TYPE } from './slack-channel';
export type { SlackChatConfig } from './slack-config';
export type { SlackClient, SlackMessageMetadata, SlackPostMessageArguments, SlackPostMessageResult } from './slack-client';
