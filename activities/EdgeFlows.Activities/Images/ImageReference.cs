using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace EdgeFlows.Activities.Images;

/// <summary>
/// A container image reference, <c>host[:port]/repository[:tag][@sha256:…]</c>, e.g.
/// <c>myregistry.azsacr.local.azurestack.external/models/churn:7</c>. The registry host is
/// always explicit: there is no Docker Hub default, since an edge site pulls from its own
/// registry. A reference without tag and digest means tag <c>latest</c> only when it is
/// pulled (<see cref="ManifestReference"/>); it is written back as it was given. In JSON it
/// is its string form (<see cref="ImageReferenceJsonConverter"/>).
/// </summary>
[JsonConverter(typeof(ImageReferenceJsonConverter))]
public sealed record ImageReference
{
    private ImageReference(string registry, string repository, string? tag, string? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host and optional port, e.g. <c>127.0.0.1:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The repository inside the registry, e.g. <c>models/churn</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag, or null.</summary>
    public string? Tag { get; }

    /// <summary>The manifest digest (<c>sha256:…</c>), or null.</summary>
    public string? Digest { get; }

    /// <summary>What to ask the registry for: the digest when there is one, else the tag, else <c>latest</c>.</summary>
    public string ManifestReference => Digest ?? Tag ?? "latest";

    /// <summary>Creates a reference from its parts.</summary>
    /// <exception cref="ArgumentException">A part is invalid; the message names which and why.</exception>
    public static ImageReference Create(string registry, string repository, string? tag = null, string? digest = null)
    {
        var error = OciNames.RegistryError(registry) ?? OciNames.RepositoryError(repository)
            ?? (tag is null ? null : OciNames.TagError(tag)) ?? (digest is null ? null : OciNames.DigestError(digest));
        if (error is not null)
        {
            throw new ArgumentException($"Invalid image reference: {error}.");
        }

        return new ImageReference(registry, repository, tag, digest);
    }

    /// <summary>Parses <c>host[:port]/repository[:tag][@sha256:…]</c>.</summary>
    /// <exception cref="FormatException">The text is not such a reference; the message says which part is wrong.</exception>
    public static ImageReference Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var reference, out var error)
            ? reference
            : throw new FormatException($"'{value}' is not a valid image reference: {error}.");
    }

    /// <summary>Parses a reference; false (and no exception) when it is invalid.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out ImageReference? reference) =>
        TryParse(value, out reference, out _);

    /// <summary>The same image pinned to <paramref name="digest"/> (the tag is kept).</summary>
    public ImageReference WithDigest(string digest) => Create(Registry, Repository, Tag, digest);

    /// <summary>The same repository with <paramref name="tag"/> and no digest.</summary>
    public ImageReference WithTag(string tag) => Create(Registry, Repository, tag);

    /// <summary>Formats the reference as <c>host[:port]/repository[:tag][@digest]</c>.</summary>
    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    private static bool TryParse(string? value, [NotNullWhen(true)] out ImageReference? reference, out string? error)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "it is empty";
            return false;
        }

        if (value.Any(char.IsWhiteSpace))
        {
            error = "it contains whitespace";
            return false;
        }

        string? digest = null;
        var rest = value;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !OciNames.LooksLikeRegistry(rest[..slash]))
        {
            error = "it names no registry host; write it as host[:port]/repository[:tag], e.g. 127.0.0.1:5000/models/churn:1 " +
                "(there is no Docker Hub default)";
            return false;
        }

        var registry = rest[..slash];
        var repository = rest[(slash + 1)..];
        string? tag = null;
        var colon = repository.LastIndexOf(':');
        if (colon >= 0)
        {
            tag = repository[(colon + 1)..];
            repository = repository[..colon];
        }

        error = OciNames.RegistryError(registry) ?? OciNames.RepositoryError(repository)
            ?? (tag is null ? null : OciNames.TagError(tag)) ?? (digest is null ? null : OciNames.DigestError(digest));
        if (error is null && registry.Length + 1 + repository.Length > OciNames.MaxRepositoryLength)
        {
            error = $"registry and repository together are {registry.Length + 1 + repository.Length} characters long; at most {OciNames.MaxRepositoryLength} are allowed";
        }

        if (error is not null)
        {
            return false;
        }

        reference = new ImageReference(registry, repository, tag, digest);
        return true;
    }
}
