/** The job kind that sends messages. */
export const MESSAGE_SEND_JOB = 'message.send';

/** The deterministic job id of a message's timer. */
export function messageJobId(messageId: string): string {
  return `message:${messageId}`;
}
