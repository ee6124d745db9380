// Resolves a base image reference to one platform's manifest, layers and config: an OCI index
// or Docker manifest list is narrowed to the wanted platform; Docker schema 2 layer media types
// are mapped to their OCI equivalents (the bytes, and so the digests, are the same).
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Images;

internal sealed record BaseImage(ImageReference Reference, string ManifestDigest, IReadOnlyList<OciDescriptor> Layers, JsonObject Config)
{
    private const int MaxConfigBytes = 8 * 1024 * 1024;

    public static async Task<BaseImage> ResolveAsync(OciRegistryClient registry, ImageReference reference, OciPlatform platform, ILogger logger, CancellationToken cancellationToken)
    {
        var manifest = await registry.GetManifestAsync(reference.Repository, reference.ManifestReference, cancellationToken).ConfigureAwait(false);
        if (OciMediaTypes.IsIndex(manifest.MediaType))
        {
            var chosen = ChoosePlatform(reference, manifest, platform);
            manifest = await registry.GetManifestAsync(reference.Repository, chosen, cancellationToken).ConfigureAwait(false);
        }

        if (!OciMediaTypes.IsImageManifest(manifest.MediaType))
        {
            throw new NotSupportedException(
                $"The base image {reference} is a '{manifest.MediaType}', which cannot be built on; expected an OCI or Docker schema 2 image manifest or index.");
        }

        var document = Parse(reference, manifest.Content);
        var config = Descriptor(reference, document["config"], "config");
        var layers = (document["layers"] as JsonArray ?? throw Invalid(reference, "it has no layers array"))
            .Select((layer, i) => Descriptor(reference, layer, $"layers[{i}]"))
            .Select(layer => layer with { MediaType = ToOciLayerType(reference, layer.MediaType) })
            .ToArray();

        var configBytes = await registry.GetBlobContentAsync(reference.Repository, config.Digest, MaxConfigBytes, cancellationToken).ConfigureAwait(false);
        var configJson = Parse(reference, configBytes);
        var diffIds = (configJson["rootfs"] as JsonObject)?["diff_ids"] as JsonArray;
        if (diffIds is null || diffIds.Count != layers.Length)
        {
            throw Invalid(reference, $"its config lists {diffIds?.Count ?? 0} diff_ids for {layers.Length} layers");
        }

        logger.BaseResolved(reference, manifest.Digest, (string?)configJson["os"], (string?)configJson["architecture"], layers.Length);
        return new BaseImage(reference, manifest.Digest, layers, configJson);
    }

    private static string ChoosePlatform(ImageReference reference, RegistryManifest index, OciPlatform platform)
    {
        var manifests = Parse(reference, index.Content)["manifests"] as JsonArray ?? throw Invalid(reference, "its index has no manifests array");
        var candidates = manifests.OfType<JsonObject>()
            .Select(m => (Descriptor: m, Platform: m["platform"] as JsonObject))
            .Where(m => m.Platform is not null &&
                (string?)m.Platform["os"] == platform.OS &&
                (string?)m.Platform["architecture"] == platform.Architecture &&
                (platform.Variant is null || (string?)m.Platform["variant"] == platform.Variant))
            .ToArray();
        if (candidates.Length == 0)
        {
            var offered = string.Join(", ", manifests.OfType<JsonObject>().Select(m => m["platform"] as JsonObject)
                .Select(p => p is null ? "?" : $"{p["os"]}/{p["architecture"]}{(p["variant"] is { } v ? "/" + v : "")}"));
            throw new NotSupportedException($"The base image {reference} has no {platform} manifest; it offers {(offered.Length == 0 ? "none" : offered)}.");
        }

        return Descriptor(reference, candidates[0].Descriptor, "manifests[]").Digest;
    }

    private static string ToOciLayerType(ImageReference reference, string mediaType) => mediaType switch
    {
        OciMediaTypes.DockerLayerTarGzip => OciMediaTypes.LayerTarGzip,
        OciMediaTypes.LayerTarGzip or OciMediaTypes.LayerTar or OciMediaTypes.LayerTarZstd => mediaType,
        _ => throw new NotSupportedException(
            $"The base image {reference} has a layer of type '{mediaType}' (foreign or non-distributable layers, e.g. of Windows images, cannot be pushed)."),
    };

    private static OciDescriptor Descriptor(ImageReference reference, JsonNode? node, string where)
    {
        if (node is not JsonObject descriptor ||
            descriptor["digest"]?.GetValueKind() != JsonValueKind.String ||
            descriptor["size"]?.GetValueKind() != JsonValueKind.Number)
        {
            throw Invalid(reference, $"its {where} is not a descriptor with digest and size");
        }

        var digest = (string)descriptor["digest"]!;
        if (OciNames.DigestError(digest) is { } error)
        {
            throw Invalid(reference, $"its {where}: {error}");
        }

        return new OciDescriptor((string?)descriptor["mediaType"] ?? "", digest, (long)descriptor["size"]!);
    }

    private static JsonObject Parse(ImageReference reference, ReadOnlyMemory<byte> content)
    {
        try
        {
            return JsonNode.Parse(content.Span) as JsonObject ?? throw Invalid(reference, "a manifest or config is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The base image {reference} is invalid: a manifest or config is not valid JSON.", e);
        }
    }

    private static InvalidDataException Invalid(ImageReference reference, string why) => new($"The base image {reference} is invalid: {why}.");
}
