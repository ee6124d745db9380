// Standard Webhooks' symmetric signature (https://www.standardwebhooks.com): HMAC-SHA256 with
// the base64-decoded secret over "{webhook-id}.{webhook-timestamp}.{body}", sent as
// "v1,<base64>"; the header may hold several space-separated signatures (key rotation).
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeFlows.Activities.Webhooks;

/// <summary>Signs and verifies webhooks the Standard Webhooks way.</summary>
public static class StandardWebhookSignature
{
    /// <summary>The prefix of a serialized signing secret.</summary>
    public const string SecretPrefix = "whsec_";

    /// <summary>How far a timestamp may be from now and still verify, by default (5 minutes).</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const string Version = "v1";
    private const int MinimumSecretBytes = 24;
    private const int MaximumSecretBytes = 64;

    /// <summary>A new random secret (32 bytes) in the form <c>whsec_&lt;base64&gt;</c>.</summary>
    public static string GenerateSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The <c>webhook-signature</c> value <c>v1,&lt;base64&gt;</c> for this message.</summary>
    /// <exception cref="ArgumentException">The secret is not <c>whsec_</c> and base64 of 24 to 64 bytes.</exception>
    public static string Sign(string secret, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(webhookId);
        var key = DecodeSecret(secret, "The webhook secret");
        return Version + "," + Convert.ToBase64String(Compute(key, webhookId, timestamp.ToString(CultureInfo.InvariantCulture), body));
    }

    /// <summary>
    /// True when <paramref name="webhookTimestamp"/> is within <paramref name="tolerance"/> of
    /// <paramref name="now"/> and one of the space-separated <c>v1</c> signatures in
    /// <paramref name="webhookSignature"/> matches (compared in constant time). Signatures of
    /// other versions are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">The secret is malformed (never a reason to accept).</exception>
    public static bool Verify(
        string secret,
        string webhookId,
        string webhookTimestamp,
        ReadOnlySpan<byte> body,
        string webhookSignature,
        DateTimeOffset now,
        TimeSpan? tolerance = null)
    {
        var key = DecodeSecret(secret, "The webhook secret");
        if (string.IsNullOrEmpty(webhookId) || string.IsNullOrEmpty(webhookSignature) ||
            !long.TryParse(webhookTimestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if (age.Duration() > (tolerance ?? DefaultTolerance))
        {
            return false;
        }

        var expected = Compute(key, webhookId, webhookTimestamp, body);
        var matched = false;
        foreach (var candidate in webhookSignature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = candidate.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || candidate.AsSpan(0, comma) is not Version)
            {
                continue;
            }

            var signature = new byte[expected.Length];
            if (Convert.TryFromBase64String(candidate[(comma + 1)..], signature, out var written) && written == expected.Length)
            {
                // Every candidate is compared (no early exit), so timing says nothing about which matched.
                matched |= CryptographicOperations.FixedTimeEquals(signature, expected);
            }
        }

        return matched;
    }

    /// <summary>The key bytes of a <c>whsec_</c> secret; the error names <paramref name="owner"/>, never the secret.</summary>
    internal static byte[] DecodeSecret(string secret, string owner)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{owner} must be a Standard Webhooks secret 'whsec_<base64>'; StandardWebhookSignature.GenerateSecret makes one.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{owner} is not valid base64 after 'whsec_'.");
        }

        if (key.Length is < MinimumSecretBytes or > MaximumSecretBytes)
        {
            throw new ArgumentException($"{owner} decodes to {key.Length} bytes; Standard Webhooks secrets are {MinimumSecretBytes} to {MaximumSecretBytes} bytes.");
        }

        return key;
    }

    private static byte[] Compute(byte[] key, string webhookId, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
