using System.Text.RegularExpressions;

namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>Blob container names, as the service accepts them.</summary>
public static partial class BlobContainerNames
{
    /// <summary>The rule, for error messages.</summary>
    public const string Rule = "must be a container name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit";

    /// <summary>True for a valid container name.</summary>
    public static bool IsValid(string name) => Pattern().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
