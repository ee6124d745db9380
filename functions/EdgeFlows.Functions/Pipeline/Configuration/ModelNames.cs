using System.Text.RegularExpressions;

namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>
/// Model names: they name registry entries and image repositories, so they follow the OCI
/// repository rules (lowercase letters and digits, single separators).
/// </summary>
public static partial class ModelNames
{
    /// <summary>The rule, for error messages.</summary>
    public const string Rule = "must be 1 to 64 lowercase letters and digits, separated by single '.', '_' or '-'";

    /// <summary>True for a valid model name.</summary>
    public static bool IsValid(string name) => name.Length <= 64 && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]+([._-][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
