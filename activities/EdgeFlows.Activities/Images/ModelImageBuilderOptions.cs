using System.IO.Compression;

namespace EdgeFlows.Activities.Images;

/// <summary>Options of <see cref="ModelImageBuilder"/>.</summary>
public sealed class ModelImageBuilderOptions
{
    /// <summary>
    /// The platform picked from a multi-platform base image (an OCI index or Docker manifest
    /// list), and written into a scratch image's config. Default linux/amd64.
    /// </summary>
    public OciPlatform Platform { get; set; } = OciPlatform.LinuxAmd64;

    /// <summary>
    /// gzip level of the model layer. Default <see cref="CompressionLevel.Fastest"/>: model
    /// weights compress little, and speed matters more (go-containerregistry chooses the same).
    /// </summary>
    public CompressionLevel CompressionLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>
    /// Where the compressed model layer is staged before a push (its digest must be known
    /// before it is sent, so an unchanged layer is never uploaded again). Default: the system's
    /// temporary folder. Needs room for one compressed layer.
    /// </summary>
    public string? StagingDirectory { get; set; }

    /// <summary>The <c>created_by</c> of the model layer's history entry.</summary>
    public string HistoryCreatedBy { get; set; } = "EdgeFlows ModelImageBuilder: model layer";
}
