// Builds a model's container image without a Docker engine: the base image's manifest and
// config are read from its registry, the model files become one new layer (tar+gzip streamed
// to a staging file while both digests are computed), the config and manifest are written, and
// everything goes to a registry repository or an OCI image layout folder.
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeFlows.Activities.Images;

/// <summary>
/// Builds and pushes model images: a base image (or scratch) plus one deterministic layer with
/// the model files, with entrypoint, environment and labels (<see cref="ModelImageLabels"/>).
/// The same request gives the same layer, config and manifest digests, and pushing is
/// idempotent: blobs the target has are skipped (HEAD), base layers from another repository
/// of the same registry are mounted, and a tag that already names the manifest is left alone —
/// so a retried activity, or a re-push where only the model changed, sends only what is new.
/// Thread-safe; holds no state between calls.
/// </summary>
public sealed class ModelImageBuilder
{
    private readonly ModelImageBuilderOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a builder.</summary>
    public ModelImageBuilder(ModelImageBuilderOptions? options = null, ILogger? logger = null)
    {
        _options = options ?? new ModelImageBuilderOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Builds the image and pushes it to <paramref name="registry"/> as <c>Repository:Tag</c>.</summary>
    /// <param name="request">What to build.</param>
    /// <param name="registry">The target registry.</param>
    /// <param name="baseRegistry">
    /// The registry holding <see cref="ModelImageRequest.BaseImage"/> when it is not
    /// <paramref name="registry"/>; its layers are then copied across.
    /// </param>
    /// <param name="cancellationToken">Cancels the build and push.</param>
    /// <exception cref="ArgumentException">The request is invalid, or its base image is in another registry and no <paramref name="baseRegistry"/> serves it.</exception>
    /// <exception cref="RegistryAuthenticationException">A registry refused the credentials.</exception>
    /// <exception cref="OciRegistryException">A registry refused a request.</exception>
    public async Task<ModelImagePushResult> PushAsync(ModelImageRequest request, OciRegistryClient registry, OciRegistryClient? baseRegistry = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(registry);
        request.Validate();
        var source = request.BaseImage is null ? null
            : registry.Serves(request.BaseImage) ? registry
            : BaseRegistry(request.BaseImage, baseRegistry);
        var destination = new RegistryImageDestination(registry, request.Repository, _options.StagingDirectory ?? Path.GetTempPath());
        var built = await BuildAsync(request, source, destination, cancellationToken).ConfigureAwait(false);
        var reference = ImageReference.Create(registry.Registry, request.Repository, request.Tag, built.Manifest.Digest);
        _logger.ImagePushed(reference, built.Layer.Digest, built.Bytes, built.Skipped, built.Mounted);
        return new ModelImagePushResult(reference, built.Manifest.Digest, built.Config.Digest, built.Layer.Digest, built.Layer.Size,
            built.Bytes, built.Skipped, built.Mounted, built.Uploaded);
    }

    /// <summary>
    /// Builds the image into an OCI image layout folder (for when no registry is configured),
    /// named <see cref="OciLayoutWriter.RefNameOf"/> in its <c>index.json</c>. A base image's
    /// layers are copied from <paramref name="baseRegistry"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The request is invalid, or it has a base image and no <paramref name="baseRegistry"/> serves it.</exception>
    public async Task<OciLayoutImageResult> WriteLayoutAsync(ModelImageRequest request, OciLayoutWriter layout, OciRegistryClient? baseRegistry = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(layout);
        request.Validate();
        var source = request.BaseImage is null ? null : BaseRegistry(request.BaseImage, baseRegistry);
        var built = await BuildAsync(request, source, layout, cancellationToken).ConfigureAwait(false);
        var refName = OciLayoutWriter.RefNameOf(request.Repository, request.Tag);
        _logger.LayoutWritten(refName, built.Manifest.Digest, layout.Path);
        return new OciLayoutImageResult(layout.Path, refName, built.Manifest.Digest, built.Config.Digest, built.Layer.Digest, built.Layer.Size, built.Bytes, built.Skipped);
    }

    private async Task<Built> BuildAsync(ModelImageRequest request, OciRegistryClient? baseRegistry, IImageDestination destination, CancellationToken cancellationToken)
    {
        var baseImage = request.BaseImage is null ? null
            : await BaseImage.ResolveAsync(baseRegistry!, request.BaseImage, _options.Platform, _logger, cancellationToken).ConfigureAwait(false);

        using var layer = await ModelLayer.BuildAsync(request.Files, destination.StagingDirectory, _options.CompressionLevel, cancellationToken).ConfigureAwait(false);
        var configBytes = ImageDocuments.Config(baseImage, request, layer.DiffId, _options);
        var config = new OciDescriptor(OciMediaTypes.ImageConfig, OciDigest.Compute(configBytes), configBytes.Length);
        var manifestBytes = ImageDocuments.Manifest(config, (baseImage?.Layers ?? []).Append(layer.Descriptor), baseImage);
        var manifest = new OciDescriptor(OciMediaTypes.ImageManifest, OciDigest.Compute(manifestBytes), manifestBytes.Length);

        // Blobs before the manifest: a registry refuses a manifest naming blobs it lacks.
        var transfers = new List<BlobTransfer>();
        foreach (var baseLayer in baseImage?.Layers ?? [])
        {
            transfers.Add(await destination.PutBaseLayerAsync(baseImage!, baseRegistry!, baseLayer, cancellationToken).ConfigureAwait(false));
        }

        transfers.Add(await destination.PutModelLayerAsync(layer, cancellationToken).ConfigureAwait(false));
        transfers.Add(await destination.PutBlobAsync(config, configBytes, cancellationToken).ConfigureAwait(false));
        var manifestBytesSent = await destination.PutManifestAsync(request, manifest, manifestBytes, cancellationToken).ConfigureAwait(false);

        return new Built(
            manifest,
            config,
            layer.Descriptor,
            transfers.Sum(t => t.Bytes) + manifestBytesSent,
            transfers.Count(t => t.Outcome == BlobOutcome.Skipped),
            transfers.Count(t => t.Outcome == BlobOutcome.Mounted),
            transfers.Count(t => t.Outcome == BlobOutcome.Uploaded));
    }

    private static OciRegistryClient BaseRegistry(ImageReference baseImage, OciRegistryClient? baseRegistry) =>
        baseRegistry is not null && baseRegistry.Serves(baseImage)
            ? baseRegistry
            : throw new ArgumentException(
                $"The base image {baseImage} is in registry {baseImage.Registry}, and no client for that registry was given " +
                $"({(baseRegistry is null ? "none" : $"the one given serves {baseRegistry.Registry}")}).");

    private sealed record Built(OciDescriptor Manifest, OciDescriptor Config, OciDescriptor Layer, long Bytes, int Skipped, int Mounted, int Uploaded);
}
