namespace EdgeFlows.Activities.Images;

/// <summary>
/// The media types EdgeFlows writes (OCI image spec 1.1) and reads (also Docker image
/// manifest v2 schema 2 and its manifest list, which registries still serve for many bases).
/// </summary>
public static class OciMediaTypes
{
    /// <summary>An OCI image manifest.</summary>
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>An OCI image index (a multi-platform image).</summary>
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>An OCI image configuration.</summary>
    public const string ImageConfig = "application/vnd.oci.image.config.v1+json";

    /// <summary>A gzip-compressed tar layer.</summary>
    public const string LayerTarGzip = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>An uncompressed tar layer.</summary>
    public const string LayerTar = "application/vnd.oci.image.layer.v1.tar";

    /// <summary>A zstd-compressed tar layer.</summary>
    public const string LayerTarZstd = "application/vnd.oci.image.layer.v1.tar+zstd";

    /// <summary>A Docker image manifest, version 2 schema 2.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>A Docker manifest list (the Docker form of an image index).</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>A Docker image configuration.</summary>
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";

    /// <summary>A Docker gzip-compressed tar layer (the same bytes as <see cref="LayerTarGzip"/>).</summary>
    public const string DockerLayerTarGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>True for an image manifest (OCI or Docker schema 2).</summary>
    public static bool IsImageManifest(string? mediaType) => mediaType is ImageManifest or DockerManifest;

    /// <summary>True for an index of manifests (OCI index or Docker manifest list).</summary>
    public static bool IsIndex(string? mediaType) => mediaType is ImageIndex or DockerManifestList;

    /// <summary>The <c>Accept</c> header for manifest requests: every manifest kind EdgeFlows reads.</summary>
    internal const string ManifestAccept = ImageManifest + ", " + ImageIndex + ", " + DockerManifest + ", " + DockerManifestList;
}
