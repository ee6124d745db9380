namespace EdgeFlows.Activities.Images;

/// <summary>
/// A file to put into the model layer: where it goes in the image and how to read it. The
/// content is opened when the layer is built (once per build) and read to its end.
/// </summary>
public sealed record ImageFile
{
    /// <summary>Describes a file of the layer.</summary>
    /// <param name="path">Where the file goes in the image, e.g. <c>/models/churn/model.onnx</c> (a leading '/' is optional).</param>
    /// <param name="open">Opens the content. An unseekable stream needs <see cref="Length"/>, or it is spooled to a temporary file first (a tar header states the size before the data).</param>
    /// <exception cref="ArgumentException">The path is empty, has '.', '..' or empty segments, or characters a tar entry cannot hold.</exception>
    public ImageFile(string path, Func<CancellationToken, Task<Stream>> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        Path = NormalizePath(path);
        Open = open;
    }

    /// <summary>The path in the image, without a leading '/', e.g. <c>models/churn/model.onnx</c>.</summary>
    public string Path { get; }

    /// <summary>Opens the file's content.</summary>
    public Func<CancellationToken, Task<Stream>> Open { get; }

    /// <summary>The content's length when known ahead; checked against what is read.</summary>
    public long? Length { get; init; }

    /// <summary>True to make the file executable (mode 0755 instead of 0644), e.g. a scoring entrypoint script.</summary>
    public bool Executable { get; init; }

    /// <summary>A file from the local file system.</summary>
    public static ImageFile FromFile(string pathInImage, string localPath, bool executable = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        return new ImageFile(pathInImage, _ => Task.FromResult<Stream>(new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)))
        {
            Executable = executable,
        };
    }

    /// <summary>A file whose content is in memory.</summary>
    public static ImageFile FromBytes(string pathInImage, ReadOnlyMemory<byte> content, bool executable = false)
    {
        var copy = content.ToArray();
        return new ImageFile(pathInImage, _ => Task.FromResult<Stream>(new MemoryStream(copy, writable: false)))
        {
            Length = copy.Length,
            Executable = executable,
        };
    }

    private static string NormalizePath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var trimmed = path.TrimStart('/');
        var segments = trimmed.Split('/');
        if (trimmed.Length == 0 || segments.Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"The image file path '{path}' must name a file: no empty, '.' or '..' segments and no trailing '/'.", nameof(path));
        }

        if (trimmed.Any(c => c == '\0' || c == '\\' || char.IsControl(c)))
        {
            throw new ArgumentException($"The image file path '{path}' contains a NUL, backslash or control character.", nameof(path));
        }

        return trimmed;
    }
}
