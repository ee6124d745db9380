// The receiver's side of Standard Webhooks, written from the specification
// (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md),
// independently of StandardWebhookSignature, so the tests check the sender against the spec
// rather than against itself: HMAC-SHA256 keyed with the base64 part of "whsec_...", over
// "{webhook-id}.{webhook-timestamp}.{body}"; the header is space-separated "v1,<base64>" entries;
// compare in constant time; reject timestamps more than 5 minutes away.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeFlows.Activities.Tests.Webhooks;

internal static class SpecVerifier
{
    public static bool Verify(string secret, ReceivedWebhook webhook, DateTimeOffset now) =>
        webhook.WebhookId is not null && webhook.WebhookTimestamp is not null && webhook.WebhookSignature is not null &&
        Verify(secret, webhook.WebhookId, webhook.WebhookTimestamp, webhook.Body, webhook.WebhookSignature, now);

    public static bool Verify(string secret, string id, string timestamp, byte[] body, string signatureHeader, DateTimeOffset now)
    {
        var sent = DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, CultureInfo.InvariantCulture));
        if ((now - sent).Duration() > TimeSpan.FromMinutes(5))
        {
            return false;
        }

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signedContent = Encoding.UTF8.GetBytes(id + "." + timestamp + ".").Concat(body).ToArray();
        var expected = HMACSHA256.HashData(key, signedContent);
        foreach (var entry in signatureHeader.Split(' '))
        {
            var parts = entry.Split(',', 2);
            if (parts.Length == 2 && parts[0] == "v1" &&
                CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(parts[1]), expected))
            {
                return true;
            }
        }

        return false;
    }
}
