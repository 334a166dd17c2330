/**
 * The conversation's page in Chatwoot's own web app ("Open in Chatwoot", issue 18 item 3):
 * `{baseUrl}/app/accounts/{accountId}/conversations/{conversationId}`.
 * @param chatwootConversationId Chatwoot's display id (Tandem's `conversations.external_id` for Chatwoot conversations)
 */
export function chatwootConversationUrl(link: { baseUrl: string; accountId: number }, chatwootConversationId: string | number): string {
  return `${link.baseUrl.replace(/\/+$/, "")}/app/accounts/${link.accountId}/conversations/${encodeURIComponent(String(chatwootConversationId))}`;
}
