// An OCI image layout folder (image-spec layout.md): `oci-layout`, `index.json` and
// `blobs/sha256/<hex>`. Blobs are written to a temporary file beside their final name and
// renamed, so a blob file is always complete; index.json is replaced the same way, under a
// lock per folder within this process (the embedded default runs one host per folder).
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeFlows.Activities.Images;

/// <summary>
/// Writes images into an OCI image layout folder, the registry-less form of an image that
/// <c>skopeo copy oci:FOLDER:REF docker://…</c>, <c>podman</c>, <c>crane</c> or
/// <c>oras</c> read. Used by <see cref="ModelImageBuilder.WriteLayoutAsync"/> when no registry
/// is configured. Several images share one folder (and their common blobs); each is named in
/// <c>index.json</c> by <see cref="RefNameOf"/>.
/// </summary>
public sealed class OciLayoutWriter : IImageDestination
{
    /// <summary>The annotation that names an image in a layout's index.</summary>
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> IndexLocks = new(StringComparer.Ordinal);

    /// <summary>Uses (and creates when missing) the layout folder at <paramref name="path"/>.</summary>
    public OciLayoutWriter(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The layout folder's full path.</summary>
    public string Path { get; }

    private string BlobDirectory => System.IO.Path.Combine(Path, "blobs", "sha256");

    string IImageDestination.StagingDirectory => EnsureLayout();

    /// <summary>The name an image gets in the layout's <c>index.json</c>: <c>repository:tag</c>, e.g. <c>models/churn:7</c> (skopeo reads it as <c>oci:FOLDER:models/churn:7</c>).</summary>
    public static string RefNameOf(string repository, string tag) => $"{repository}:{tag}";

    /// <summary>The path of a blob in the folder (which may not exist).</summary>
    public string BlobPath(string digest) => System.IO.Path.Combine(BlobDirectory, OciDigest.Hex(digest));

    /// <summary>True when the folder holds the blob.</summary>
    public bool HasBlob(string digest) => File.Exists(BlobPath(digest));

    /// <summary>The images named in <c>index.json</c> (empty when there is none yet).</summary>
    public async Task<IReadOnlyList<OciDescriptor>> ReadIndexAsync(CancellationToken cancellationToken = default)
    {
        var index = await LoadIndexAsync(cancellationToken).ConfigureAwait(false);
        return (index["manifests"] as JsonArray ?? []).Select(m => m.Deserialize<OciDescriptor>()!).ToArray();
    }

    async Task<BlobTransfer> IImageDestination.PutBaseLayerAsync(BaseImage baseImage, OciRegistryClient baseRegistry, OciDescriptor layer, CancellationToken cancellationToken)
    {
        if (HasBlob(layer.Digest))
        {
            return BlobTransfer.Skipped;
        }

        var content = await baseRegistry.OpenBlobAsync(baseImage.Reference.Repository, layer.Digest, layer.Size, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            var temp = TempBlobPath();
            try
            {
                var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    // The stream verifies the digest when it reaches its end, before the rename below.
                    await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }

                return Commit(temp, layer.Digest, layer.Size);
            }
            finally
            {
                File.Delete(temp);
            }
        }
    }

    Task<BlobTransfer> IImageDestination.PutModelLayerAsync(ModelLayer layer, CancellationToken cancellationToken)
    {
        if (HasBlob(layer.Descriptor.Digest))
        {
            return Task.FromResult(BlobTransfer.Skipped);
        }

        layer.MoveTo(BlobPath(layer.Descriptor.Digest));
        return Task.FromResult(new BlobTransfer(BlobOutcome.Uploaded, layer.Descriptor.Size));
    }

    async Task<BlobTransfer> IImageDestination.PutBlobAsync(OciDescriptor descriptor, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        EnsureLayout();
        if (HasBlob(descriptor.Digest))
        {
            return BlobTransfer.Skipped;
        }

        var temp = TempBlobPath();
        try
        {
            await File.WriteAllBytesAsync(temp, content.ToArray(), cancellationToken).ConfigureAwait(false);
            return Commit(temp, descriptor.Digest, content.Length);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    async Task<long> IImageDestination.PutManifestAsync(ModelImageRequest request, OciDescriptor manifest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var written = await ((IImageDestination)this).PutBlobAsync(manifest, content, cancellationToken).ConfigureAwait(false);
        await TagAsync(RefNameOf(request.Repository, request.Tag), manifest, cancellationToken).ConfigureAwait(false);
        return written.Bytes;
    }

    /// <summary>Names <paramref name="manifest"/> (whose blob the folder must hold) <paramref name="refName"/> in <c>index.json</c>, replacing what had that name.</summary>
    public async Task TagAsync(string refName, OciDescriptor manifest, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(refName);
        ArgumentNullException.ThrowIfNull(manifest);
        if (!HasBlob(manifest.Digest))
        {
            throw new InvalidOperationException($"The layout {Path} has no blob {manifest.Digest} to name '{refName}'.");
        }

        var gate = IndexLocks.GetOrAdd(Path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var index = await LoadIndexAsync(cancellationToken).ConfigureAwait(false);
            var manifests = index["manifests"] as JsonArray ?? [];
            var kept = manifests.Where(m => (string?)m?["annotations"]?[RefNameAnnotation] != refName).Select(m => m!.DeepClone()).ToList();
            kept.Add(JsonSerializer.SerializeToNode(manifest with { Annotations = new Dictionary<string, string> { [RefNameAnnotation] = refName } })!);
            index["manifests"] = new JsonArray(kept.ToArray());
            var temp = System.IO.Path.Combine(Path, $".index-{Guid.NewGuid():N}.tmp");
            await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(index), cancellationToken).ConfigureAwait(false);
            File.Move(temp, System.IO.Path.Combine(Path, "index.json"), overwrite: true);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<JsonObject> LoadIndexAsync(CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(Path, "index.json");
        if (!File.Exists(path))
        {
            return new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = OciMediaTypes.ImageIndex, ["manifests"] = new JsonArray() };
        }

        try
        {
            return JsonNode.Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)) as JsonObject
                ?? throw new InvalidDataException($"The OCI layout index {path} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The OCI layout index {path} is not valid JSON.", e);
        }
    }

    private string EnsureLayout()
    {
        Directory.CreateDirectory(BlobDirectory);
        var marker = System.IO.Path.Combine(Path, "oci-layout");
        if (!File.Exists(marker))
        {
            File.WriteAllText(marker, """{"imageLayoutVersion":"1.0.0"}""");
        }

        return BlobDirectory;
    }

    private string TempBlobPath() => System.IO.Path.Combine(EnsureLayout(), $".blob-{Guid.NewGuid():N}.tmp");

    private BlobTransfer Commit(string temp, string digest, long size)
    {
        try
        {
            File.Move(temp, BlobPath(digest), overwrite: false);
        }
        catch (IOException) when (HasBlob(digest))
        {
            // Another writer committed the same content first; blobs are immutable, so either copy will do.
            return BlobTransfer.Skipped;
        }

        return new BlobTransfer(BlobOutcome.Uploaded, size);
    }
}
