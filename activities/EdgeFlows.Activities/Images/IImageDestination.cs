namespace EdgeFlows.Activities.Images;

/// <summary>
/// Where <see cref="ModelImageBuilder"/> puts an image's blobs and manifest: a registry
/// repository (<see cref="RegistryImageDestination"/>) or an OCI layout folder
/// (<see cref="OciLayoutWriter"/>). Every method skips what the destination holds already.
/// </summary>
internal interface IImageDestination
{
    /// <summary>Where the model layer is staged; on the destination's file system when it is a folder, so staging ends in a rename.</summary>
    string StagingDirectory { get; }

    Task<BlobTransfer> PutBaseLayerAsync(BaseImage baseImage, OciRegistryClient baseRegistry, OciDescriptor layer, CancellationToken cancellationToken);

    Task<BlobTransfer> PutModelLayerAsync(ModelLayer layer, CancellationToken cancellationToken);

    Task<BlobTransfer> PutBlobAsync(OciDescriptor descriptor, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Stores the manifest under the request's tag; returns the bytes sent (0 when the tag already names it).</summary>
    Task<long> PutManifestAsync(ModelImageRequest request, OciDescriptor manifest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}

internal enum BlobOutcome
{
    Skipped,
    Mounted,
    Uploaded,
}

/// <summary>What happened to one blob, and the bytes it cost.</summary>
internal readonly record struct BlobTransfer(BlobOutcome Outcome, long Bytes)
{
    public static BlobTransfer Skipped { get; } = new(BlobOutcome.Skipped, 0);

    public static BlobTransfer Mounted { get; } = new(BlobOutcome.Mounted, 0);
}
