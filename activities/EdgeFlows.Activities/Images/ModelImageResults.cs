namespace EdgeFlows.Activities.Images;

/// <summary>An image pushed by <see cref="ModelImageBuilder.PushAsync"/>.</summary>
/// <param name="Reference">Where it is: <c>registry/repository:tag@manifest-digest</c>.</param>
/// <param name="ManifestDigest">The manifest's digest: what to record and deploy by.</param>
/// <param name="ConfigDigest">The image config's digest (the image id).</param>
/// <param name="LayerDigest">The model layer's (compressed) digest.</param>
/// <param name="LayerSize">The model layer's compressed size in bytes.</param>
/// <param name="BytesUploaded">Request body bytes actually sent to the registry (blobs and manifest, retries included).</param>
/// <param name="BlobsSkipped">Blobs the target repository had already (found by HEAD), so not sent.</param>
/// <param name="BlobsMounted">Base layers linked from another repository of the same registry, so not sent.</param>
/// <param name="BlobsUploaded">Blobs sent (base layers copied, the model layer, the config).</param>
public sealed record ModelImagePushResult(
    ImageReference Reference,
    string ManifestDigest,
    string ConfigDigest,
    string LayerDigest,
    long LayerSize,
    long BytesUploaded,
    int BlobsSkipped,
    int BlobsMounted,
    int BlobsUploaded);

/// <summary>An image written by <see cref="ModelImageBuilder.WriteLayoutAsync"/> into an OCI image layout folder.</summary>
/// <param name="LayoutPath">The layout folder.</param>
/// <param name="RefName">The name in the layout's <c>index.json</c> (<c>org.opencontainers.image.ref.name</c>); <c>skopeo inspect oci:LAYOUT:REFNAME</c> reads it.</param>
/// <param name="ManifestDigest">The manifest's digest.</param>
/// <param name="ConfigDigest">The image config's digest.</param>
/// <param name="LayerDigest">The model layer's (compressed) digest.</param>
/// <param name="LayerSize">The model layer's compressed size in bytes.</param>
/// <param name="BytesWritten">Blob bytes written into the folder (blobs already there are not rewritten).</param>
/// <param name="BlobsSkipped">Blobs the folder had already.</param>
public sealed record OciLayoutImageResult(
    string LayoutPath,
    string RefName,
    string ManifestDigest,
    string ConfigDigest,
    string LayerDigest,
    long LayerSize,
    long BytesWritten,
    int BlobsSkipped);
