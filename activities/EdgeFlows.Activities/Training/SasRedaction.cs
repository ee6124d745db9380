// SAS signatures are secrets; anything that may echo a URL (a log line of the job, a message
// from the target) passes through here before it is logged, thrown or returned.
using System.Text.RegularExpressions;

namespace EdgeFlows.Activities.Training;

internal static partial class SasRedaction
{
    public const string Replacement = "REDACTED";

    /// <summary>The text with every <c>sig=...</c> value replaced.</summary>
    public static string Redact(string text) => Signature().Replace(text, "$1" + Replacement);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    [GeneratedRegex("(sig=)[^&\\s\"'<>]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Signature();
}
