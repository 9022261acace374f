import type { MessageContent } from '../../model/message';

/**
 * What a WhatsApp message can carry now: free text inside the customer's session (the
 * window after their last message), else the approved content template. Null when
 * neither fits: business-initiated messages need a template.
 */
export function whatsappContent(content: MessageContent, sessionOpen: boolean): MessageContent | null {
  if (sessionOpen && content.text !== null) return { ...content, providerTemplate: null };
  if (content.providerTemplate !== null) return { ...content, text: null };
  return null;
}
