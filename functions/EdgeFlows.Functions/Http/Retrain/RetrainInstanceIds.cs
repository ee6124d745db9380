// Instance ids of runs started over HTTP. With an x-request-id the id is derived from the
// dataset and the request id, so a client that retries a start (a timeout, a lost response)
// finds the run its first attempt started instead of starting a second one.
using System.Security.Cryptography;
using System.Text;

namespace EdgeFlows.Functions.Http.Retrain;

/// <summary>Makes the instance ids of HTTP-started runs: <c>retrain:{dataset}:{24 hex}</c>.</summary>
public static class RetrainInstanceIds
{
    /// <summary>Longest request id accepted.</summary>
    public const int MaxRequestIdLength = 200;

    /// <summary>The id prefix of every HTTP-started run of <paramref name="dataset"/>.</summary>
    public static string PrefixFor(string dataset) => $"retrain:{dataset}:";

    /// <summary>
    /// The id for a start with request id <paramref name="requestId"/>: the same for the same
    /// dataset and request id, different for anything else. A new random id without one.
    /// At most 97 characters (a 64-character dataset), within the API's 100.
    /// </summary>
    public static string For(string dataset, string? requestId)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        var suffix = requestId is null
            ? Guid.NewGuid().ToString("N")[..24]
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{dataset}\n{requestId}")))[..24];
        return PrefixFor(dataset) + suffix;
    }

    /// <summary>Throws a 400 unless <paramref name="requestId"/> is 1–200 visible ASCII characters.</summary>
    public static void ValidateRequestId(string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        if (requestId.Length is 0 or > MaxRequestIdLength || requestId.Any(c => c is < '!' or > '~'))
        {
            throw ApiException.BadRequest($"The x-request-id header must be 1–{MaxRequestIdLength} visible ASCII characters.");
        }
    }
}
