/**
 * What an admin needs to connect a sender to a channel: the webhook URLs and a copyable `curl` example that
 * signs its own request the Standard Webhooks way (HMAC-SHA256 of `{id}.{timestamp}.{body}` with the base64-decoded
 * secret, header `v1,<base64>`), using only bash, openssl, base64 and xxd.
 */

/** What each endpoint receives; the page names and explains it (`settings.channels.detail.endpoints.<kind>`). */
export type WebhookEndpointKind = "incomingMessage" | "conversationEvents";

/** The channel's webhook endpoints under `origin` (e.g. `https://tandem.example.com`). */
export function webhookUrls(origin: string): { kind: WebhookEndpointKind; url: string }[] {
  return [
    { kind: "incomingMessage", url: `${origin}/api/webhooks/incoming-message` },
    { kind: "conversationEvents", url: `${origin}/api/webhooks/conversation-events` },
  ];
}

/**
 * A bash snippet that sends one signed test message to the channel.
 * @param secret the plaintext secret right after it was revealed, or null for a placeholder to fill in
 */
export function curlExample({ origin, channelId, secret }: { origin: string; channelId: string; secret: string | null }): string {
  const body = JSON.stringify({
    channel_id: channelId,
    conversation_id: "curl-test-1",
    message_id: "MESSAGE_ID",
    contact: { id: "+6281200000000", name: "Test customer" },
    text: "Halo, where is my order?",
    sent_at: "SENT_AT",
  })
    .replace('"MESSAGE_ID"', `"'"$ID"'"`)
    .replace('"SENT_AT"', `"'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'"`);
  return [
    `SECRET='${secret ?? "whsec_paste_your_channel_secret_here"}'`,
    `ID="msg_$(date +%s%N)"; TS=$(date +%s)`,
    `BODY='${body}'`,
    `KEY=$(printf '%s' "\${SECRET#whsec_}" | base64 -d | xxd -p -c 256)`,
    `SIG=$(printf '%s' "$ID.$TS.$BODY" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY" -binary | base64)`,
    `curl -sS -X POST '${origin}/api/webhooks/incoming-message' \\`,
    `  -H 'content-type: application/json' \\`,
    `  -H "webhook-id: $ID" -H "webhook-timestamp: $TS" -H "webhook-signature: v1,$SIG" \\`,
    `  --data "$BODY"`,
  ].join("\n");
}
