namespace EdgeFlows.Activities.Images;

/// <summary>
/// What <see cref="ModelImageBuilder"/> builds: a base image (or none, for scratch) plus one new
/// layer holding <see cref="Files"/>, with the entrypoint, environment and labels set in the
/// image config, stored as <see cref="Repository"/>:<see cref="Tag"/> (conventionally
/// <c>&lt;model&gt;:&lt;version&gt;</c>). The same request gives the same digests every time.
/// </summary>
public sealed record ModelImageRequest
{
    /// <summary>The target repository, e.g. <c>models/churn</c>.</summary>
    public required string Repository { get; init; }

    /// <summary>The tag, e.g. the model version <c>7</c>.</summary>
    public required string Tag { get; init; }

    /// <summary>The base image, or null to build on scratch (an image of only the model layer).</summary>
    public ImageReference? BaseImage { get; init; }

    /// <summary>The files of the model layer (model artifacts, scoring script…); at least one, paths unique.</summary>
    public required IReadOnlyList<ImageFile> Files { get; init; }

    /// <summary>The entrypoint; null keeps the base's. Setting it clears the base's <c>Cmd</c> unless <see cref="Cmd"/> is given, as a Dockerfile ENTRYPOINT does.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>The command (arguments to the entrypoint); null keeps the base's.</summary>
    public IReadOnlyList<string>? Cmd { get; init; }

    /// <summary>Environment variables, added to the base's (a name the base has is replaced).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Image labels, added to the base's; see <see cref="ModelImageLabels"/> for the model's.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The working directory; null keeps the base's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// The image's creation time, written to the config and its history entry. Null leaves
    /// them out, so the digest does not depend on when the image was built; give a fixed time
    /// (e.g. when the model version was registered) to have one.
    /// </summary>
    public DateTimeOffset? Created { get; init; }

    internal void Validate()
    {
        var error = OciNames.RepositoryError(Repository) ?? OciNames.TagError(Tag);
        if (error is not null)
        {
            throw new ArgumentException($"Invalid model image request: {error}.");
        }

        if (Files is null || Files.Count == 0)
        {
            throw new ArgumentException("Invalid model image request: the model layer needs at least one file.");
        }

        if (Files.Any(f => f is null))
        {
            throw new ArgumentException("Invalid model image request: a file is null.");
        }

        var duplicate = Files.GroupBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Invalid model image request: the path '{duplicate.Key}' is given {duplicate.Count()} times.");
        }

        var paths = Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var nested = Files.FirstOrDefault(f => paths.Any(p => f.Path.StartsWith(p + "/", StringComparison.Ordinal)));
        if (nested is not null)
        {
            throw new ArgumentException($"Invalid model image request: '{nested.Path}' lies inside another file's path.");
        }

        foreach (var (name, _) in Environment ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Invalid model image request: the environment variable name '{name}' is empty or has '=' or NUL.");
            }
        }

        if ((Labels ?? new Dictionary<string, string>()).Keys.FirstOrDefault(string.IsNullOrEmpty) is not null)
        {
            throw new ArgumentException("Invalid model image request: a label name is empty.");
        }

        if (Entrypoint?.Any(a => a is null) == true || Cmd?.Any(a => a is null) == true)
        {
            throw new ArgumentException("Invalid model image request: an entrypoint or command argument is null.");
        }
    }
}
