// Checks names before they reach a URL. A blob name with "." or ".." segments would be
// collapsed by URI normalization into a different blob, so it is refused rather than sent.
using System.Text.RegularExpressions;

namespace EdgeFlows.Activities.Storage;

/// <summary>Validation and encoding of container, blob and metadata names.</summary>
internal static partial class BlobNames
{
    /// <summary>Longest blob name the Blob service accepts.</summary>
    public const int MaxBlobNameLength = 1024;

    public static void ValidateContainer(string containerName)
    {
        ArgumentNullException.ThrowIfNull(containerName);
        if (!ContainerPattern().IsMatch(containerName))
        {
            throw new ArgumentException(
                $"'{containerName}' is not a container name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(containerName));
        }
    }

    public static void ValidateBlob(string blobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        if (blobName.Length > MaxBlobNameLength)
        {
            throw new ArgumentException($"A blob name has at most {MaxBlobNameLength} characters.", nameof(blobName));
        }

        if (blobName.Split('/').Any(segment => segment is "." or ".."))
        {
            throw new ArgumentException($"Blob name '{blobName}' has a '.' or '..' path segment.", nameof(blobName));
        }
    }

    /// <summary>Percent-encodes each path segment of a blob name, keeping the '/' separators.</summary>
    public static string EncodePath(string blobName) =>
        string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString));

    public static void ValidateMetadata(string name, string value)
    {
        if (!MetadataNamePattern().IsMatch(name))
        {
            throw new ArgumentException($"Metadata name '{name}' is not a C# identifier.", nameof(name));
        }

        // Metadata travels in HTTP headers: printable ASCII only.
        if (value.Any(c => c < ' ' || c > '~'))
        {
            throw new ArgumentException($"Metadata '{name}' has a value with characters outside printable ASCII.", nameof(value));
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex MetadataNamePattern();
}
