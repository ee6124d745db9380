namespace EdgeFlows.Activities.Images;

/// <summary>
/// Pushes an image into one repository: HEAD first (a blob the repository has is skipped), a
/// base layer from another repository of the same registry is mounted, one from elsewhere (or
/// whose mount is declined) is streamed across, and the manifest is only PUT when the tag does
/// not name it already, so pushing the same image again sends nothing.
/// </summary>
internal sealed class RegistryImageDestination : IImageDestination
{
    private readonly OciRegistryClient _registry;
    private readonly string _repository;

    public RegistryImageDestination(OciRegistryClient registry, string repository, string stagingDirectory)
    {
        _registry = registry;
        _repository = repository;
        StagingDirectory = stagingDirectory;
    }

    public string StagingDirectory { get; }

    public async Task<BlobTransfer> PutBaseLayerAsync(BaseImage baseImage, OciRegistryClient baseRegistry, OciDescriptor layer, CancellationToken cancellationToken)
    {
        if (await _registry.BlobExistsAsync(_repository, layer.Digest, cancellationToken).ConfigureAwait(false))
        {
            return BlobTransfer.Skipped;
        }

        var sameRegistry = string.Equals(baseRegistry.Registry, _registry.Registry, StringComparison.OrdinalIgnoreCase);
        if (sameRegistry && baseImage.Reference.Repository != _repository &&
            await _registry.TryMountBlobAsync(_repository, layer.Digest, baseImage.Reference.Repository, cancellationToken).ConfigureAwait(false))
        {
            return BlobTransfer.Mounted;
        }

        // Reopenable: if the target loses the upload session, the download starts over too.
        var upload = await _registry.UploadBlobAsync(
            _repository,
            token => baseRegistry.OpenBlobAsync(baseImage.Reference.Repository, layer.Digest, layer.Size, token),
            layer.Digest,
            cancellationToken).ConfigureAwait(false);
        return new BlobTransfer(BlobOutcome.Uploaded, upload.BytesSent);
    }

    public async Task<BlobTransfer> PutModelLayerAsync(ModelLayer layer, CancellationToken cancellationToken)
    {
        if (await _registry.BlobExistsAsync(_repository, layer.Descriptor.Digest, cancellationToken).ConfigureAwait(false))
        {
            return BlobTransfer.Skipped;
        }

        var content = new FileStream(layer.StagedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (content.ConfigureAwait(false))
        {
            var upload = await _registry.UploadBlobAsync(_repository, content, layer.Descriptor.Digest, cancellationToken).ConfigureAwait(false);
            return new BlobTransfer(BlobOutcome.Uploaded, upload.BytesSent);
        }
    }

    public async Task<BlobTransfer> PutBlobAsync(OciDescriptor descriptor, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (await _registry.BlobExistsAsync(_repository, descriptor.Digest, cancellationToken).ConfigureAwait(false))
        {
            return BlobTransfer.Skipped;
        }

        var upload = await _registry.UploadBlobAsync(_repository, content, cancellationToken).ConfigureAwait(false);
        return new BlobTransfer(BlobOutcome.Uploaded, upload.BytesSent);
    }

    public async Task<long> PutManifestAsync(ModelImageRequest request, OciDescriptor manifest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var current = await _registry.GetManifestDigestAsync(_repository, request.Tag, cancellationToken).ConfigureAwait(false);
        if (current == manifest.Digest)
        {
            return 0;
        }

        var pushed = await _registry.PutManifestAsync(_repository, request.Tag, manifest.MediaType, content, cancellationToken).ConfigureAwait(false);
        return pushed.BytesSent;
    }
}
