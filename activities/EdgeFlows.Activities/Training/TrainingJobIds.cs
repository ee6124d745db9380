// Job ids name folders on the target and appear in remote commands, so they are limited to a
// small alphabet that needs no quoting anywhere (it is quoted anyway).
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeFlows.Activities.Training;

/// <summary>Validates job ids and derives them from orchestration instance ids.</summary>
public static partial class TrainingJobIds
{
    /// <summary>The longest job id.</summary>
    public const int MaxLength = 100;

    // Length of the hash suffix FromInstanceId appends when it had to change the id.
    private const int HashLength = 12;

    /// <summary>Whether <paramref name="jobId"/> is 1–100 characters of <c>[A-Za-z0-9._-]</c> starting with a letter or digit.</summary>
    public static bool IsValid(string? jobId) => jobId is not null && ValidJobId().IsMatch(jobId);

    /// <summary>Throws unless <paramref name="jobId"/> is valid.</summary>
    /// <exception cref="ArgumentException">The id is invalid; the message says why.</exception>
    public static void Validate(string? jobId, string parameterName = "jobId")
    {
        if (!IsValid(jobId))
        {
            throw new ArgumentException(
                $"Job id '{Printable(jobId)}' is invalid: it must be 1-{MaxLength} characters of A-Z, a-z, 0-9, '.', '_' or '-', starting with a letter or digit.",
                parameterName);
        }
    }

    /// <summary>
    /// A valid job id from an orchestration instance id (plus an optional suffix such as an
    /// attempt): the same input always gives the same id. Characters outside the alphabet
    /// become '-', and when anything had to change, a hash of the original keeps ids distinct.
    /// </summary>
    public static string FromInstanceId(string instanceId, string? suffix = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var original = suffix is null ? instanceId : $"{instanceId}-{suffix}";
        if (IsValid(original))
        {
            return original;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(original)))[..HashLength];
        var cleaned = InvalidCharacters().Replace(original, "-").TrimStart('-', '.', '_');
        var room = MaxLength - HashLength - 1;
        var head = cleaned.Length > room ? cleaned[..room] : cleaned;
        return head.Length == 0 ? hash : $"{head}-{hash}";
    }

    // For error messages: an id may hold anything, including control characters.
    internal static string Printable(string? value) =>
        value is null ? "(null)" : ControlCharacters().Replace(value.Length > 120 ? value[..120] + "…" : value, "?");

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ValidJobId();

    [GeneratedRegex(@"[^A-Za-z0-9._-]", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidCharacters();

    [GeneratedRegex(@"\p{Cc}", RegexOptions.CultureInvariant)]
    private static partial Regex ControlCharacters();
}
