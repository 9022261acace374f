/** What a channel delivers over. Templates have one variant per kind. */
export type ChannelKind = 'email' | 'sms' | 'whatsapp' | 'chat' | 'webhook';

/** Every {@link ChannelKind}, for validation and menus. */
export const CHANNEL_KINDS: readonly ChannelKind[] = ['email', 'sms', 'whatsapp', 'chat', 'webhook'];
