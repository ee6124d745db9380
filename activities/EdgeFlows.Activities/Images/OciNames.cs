// The grammar of registry hosts, repository names, tags and digests, as the OCI distribution
// spec and docker/distribution's reference package define them. Each validator returns the
// reason a value is invalid (null when it is valid), so callers can name what is wrong.
using System.Text.RegularExpressions;

namespace EdgeFlows.Activities.Images;

internal static partial class OciNames
{
    /// <summary>Longest repository name (docker/distribution's NameTotalLengthMax).</summary>
    public const int MaxRepositoryLength = 255;

    public static string? RepositoryError(string? repository)
    {
        if (string.IsNullOrEmpty(repository))
        {
            return "the repository name is empty";
        }

        if (repository.Length > MaxRepositoryLength)
        {
            return $"the repository name is {repository.Length} characters long; at most {MaxRepositoryLength} are allowed";
        }

        return RepositoryPattern().IsMatch(repository)
            ? null
            : $"the repository name '{repository}' is invalid: use lowercase letters, digits and separators ('.', '_', '__', '-') in path components joined by '/', each starting and ending with a letter or digit";
    }

    public static string? TagError(string? tag) =>
        string.IsNullOrEmpty(tag) ? "the tag is empty"
        : TagPattern().IsMatch(tag) ? null
        : $"the tag '{tag}' is invalid: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'";

    public static string? DigestError(string? digest) =>
        string.IsNullOrEmpty(digest) ? "the digest is empty"
        : DigestPattern().IsMatch(digest) ? null
        : $"the digest '{digest}' is invalid: expected 'sha256:' and 64 lowercase hexadecimal digits";

    public static string? RegistryError(string? registry)
    {
        if (string.IsNullOrEmpty(registry))
        {
            return "the registry host is empty";
        }

        var match = RegistryPattern().Match(registry);
        if (!match.Success)
        {
            return $"the registry '{registry}' is invalid: expected host[:port], e.g. myregistry.azsacr.local.azurestack.external or 127.0.0.1:5000";
        }

        if (match.Groups["port"].Success && (!int.TryParse(match.Groups["port"].ValueSpan, out var port) || port is < 1 or > 65535))
        {
            return $"the registry '{registry}' has port {match.Groups["port"].Value}, outside 1-65535";
        }

        return null;
    }

    /// <summary>
    /// True when the first component of a reference names a registry rather than a repository
    /// path: it has a '.', a ':' or is 'localhost' (the rule docker/distribution uses).
    /// </summary>
    public static bool LooksLikeRegistry(string component) =>
        component.Contains('.', StringComparison.Ordinal) || component.Contains(':', StringComparison.Ordinal) ||
        component.StartsWith('[') || component == "localhost";

    // path-component ::= [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*
    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^sha256:[a-f0-9]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();

    // A DNS name (labels of letters, digits and inner hyphens), an IPv4 address, or a bracketed IPv6 address; optional port.
    [GeneratedRegex(@"^(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?))*|\[[0-9A-Fa-f:.]+\])(?::(?<port>[0-9]{1,5}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryPattern();
}
