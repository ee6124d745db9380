// Verifies a Standard Webhooks signature the way any receiver would, without EdgeFlows' own
// code: HMAC-SHA256 with the secret's bytes over "{webhook-id}.{webhook-timestamp}.{body}",
// compared in constant time with each "v1,<base64>" in webhook-signature, and the timestamp
// within five minutes of now (replays of old messages are refused).
// Spec: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeFlows.Samples.Demo.Receiver;

/// <summary>Checks <c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature</c> against a <c>whsec_</c> secret.</summary>
public sealed class StandardWebhooksVerifier
{
    /// <summary>How far a message's timestamp may be from now.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private const string SecretPrefix = "whsec_";
    private readonly byte[] _key;

    /// <summary>Uses the secret <c>whsec_&lt;base64&gt;</c>.</summary>
    /// <exception cref="FormatException">The secret is not in that form.</exception>
    public StandardWebhooksVerifier(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            throw new FormatException("The webhook secret must start with whsec_.");
        }

        _key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
    }

    /// <summary>Null when the message is authentic and fresh, else why not.</summary>
    public string? Check(string? id, string? timestamp, string? signatures, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
        {
            return "a webhook-id, webhook-timestamp or webhook-signature header is missing";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds() ||
            (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return $"the timestamp {timestamp} is not within {Tolerance.TotalMinutes:0} minutes of now";
        }

        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var expected = new byte[HMACSHA256.HashSizeInBytes];
        using (var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key))
        {
            hmac.AppendData(signed);
            hmac.AppendData(body);
            hmac.GetHashAndReset(expected);
        }

        var matched = false;
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var buffer = new byte[expected.Length];
            if (candidate.StartsWith("v1,", StringComparison.Ordinal) &&
                Convert.TryFromBase64String(candidate[3..], buffer, out var written) && written == expected.Length)
            {
                matched |= CryptographicOperations.FixedTimeEquals(buffer, expected);
            }
        }

        return matched ? null : "no v1 signature matches";
    }
}
