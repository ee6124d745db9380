// Model names become container image repositories (<model>:<version>), so they follow the OCI
// distribution spec's repository-name component grammar, lowercase only.
using System.Text.RegularExpressions;

namespace EdgeFlows.Activities.Models;

internal static partial class ModelNames
{
    public const int MaxLength = 128;

    public static void Validate(string name, string parameterName)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !Pattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"The model name '{name}' is not valid: use 1 to {MaxLength} lowercase letters and digits, separated by single '.', '_' or '-' " +
                "(it also names the model's container image).",
                parameterName);
        }
    }

    [GeneratedRegex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
