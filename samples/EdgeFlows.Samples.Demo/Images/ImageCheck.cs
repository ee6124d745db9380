// Checks a model image the app reports, independently of the app: in an OCI layout folder
// (index.json names the manifest) or in a registry (the manifest fetched by its tag), the
// manifest must hash to the reported digest and its config and layers to theirs. Reads the image's labels and
// layer sizes from its config and manifest, to show what the image holds.
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace EdgeFlows.Samples.Demo.Images;

/// <summary>What was found about an image.</summary>
/// <param name="Where">Where it was checked: the layout folder and the name in its index, or the registry URL.</param>
/// <param name="Layers">Its layers.</param>
/// <param name="LayerBytes">Their compressed size.</param>
/// <param name="Labels">Its config's labels.</param>
public sealed record CheckedImage(string Where, int Layers, long LayerBytes, IReadOnlyDictionary<string, string> Labels);

/// <summary>Finds a reported image and checks its digest.</summary>
public static class ImageCheck
{
    private const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Checks the image <paramref name="digest"/> in the OCI layout at <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidDataException">It is not there, or its bytes do not hash to the digest.</exception>
    public static async Task<CheckedImage> InLayoutAsync(string folder, string digest, CancellationToken cancellationToken)
    {
        var indexPath = Path.Combine(folder, "index.json");
        if (!File.Exists(indexPath))
        {
            throw new InvalidDataException($"{indexPath} does not exist.");
        }

        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(indexPath, cancellationToken));
        var entry = index.RootElement.GetProperty("manifests").EnumerateArray()
            .FirstOrDefault(m => m.GetProperty("digest").GetString() == digest);
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{indexPath} names no image with digest {digest}.");
        }

        var name = entry.TryGetProperty("annotations", out var annotations) &&
            annotations.TryGetProperty("org.opencontainers.image.ref.name", out var refName) ? refName.GetString() : null;
        var manifest = await ReadBlobAsync(folder, digest, cancellationToken);
        using var manifestJson = JsonDocument.Parse(manifest);
        var config = await ReadBlobAsync(folder, ConfigDigest(manifestJson.RootElement), cancellationToken);
        foreach (var layer in LayerDigests(manifestJson.RootElement))
        {
            await ReadBlobAsync(folder, layer, cancellationToken);
        }

        return Describe($"{Display.Paths.Show(folder)} as {name ?? "(unnamed)"}", manifestJson.RootElement, config);
    }

    /// <summary>Fetches <paramref name="reference"/> (<c>host[:port]/repository:tag</c>) over plain HTTP and checks its digest.</summary>
    /// <exception cref="InvalidDataException">The registry's manifest does not hash to the digest.</exception>
    public static async Task<CheckedImage> InRegistryAsync(string reference, string digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var withoutDigest = reference.Split('@')[0];
        var slash = withoutDigest.IndexOf('/', StringComparison.Ordinal);
        var colon = withoutDigest.LastIndexOf(':');
        if (slash < 0 || colon < slash)
        {
            throw new InvalidDataException($"'{reference}' is not host/repository:tag.");
        }

        var registry = new Uri($"http://{withoutDigest[..slash]}/");
        var repository = withoutDigest[(slash + 1)..colon];
        var tag = withoutDigest[(colon + 1)..];
        using var http = new HttpClient { BaseAddress = registry, Timeout = RequestTimeout };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(ManifestMediaType));
        var manifest = await http.GetByteArrayAsync(new Uri($"v2/{repository}/manifests/{tag}", UriKind.Relative), cancellationToken);
        var actual = Digest(manifest);
        if (actual != digest)
        {
            throw new InvalidDataException($"{reference} resolves to {actual}, not the reported {digest}.");
        }

        using var manifestJson = JsonDocument.Parse(manifest);
        async Task<byte[]> FetchBlobAsync(string blobDigest)
        {
            var blob = await http.GetByteArrayAsync(new Uri($"v2/{repository}/blobs/{blobDigest}", UriKind.Relative), cancellationToken);
            return Digest(blob) == blobDigest ? blob : throw new InvalidDataException($"The blob {blobDigest} of {reference} does not hash to its digest.");
        }

        var config = await FetchBlobAsync(ConfigDigest(manifestJson.RootElement));
        foreach (var layer in LayerDigests(manifestJson.RootElement))
        {
            await FetchBlobAsync(layer);
        }

        return Describe(new Uri(registry, $"v2/{repository}/manifests/{tag}").ToString(), manifestJson.RootElement, config);
    }

    private static async Task<byte[]> ReadBlobAsync(string folder, string digest, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, "blobs", "sha256", digest["sha256:".Length..]);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"The layout has no blob {digest}.");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return Digest(bytes) == digest ? bytes : throw new InvalidDataException($"The blob {path} does not hash to its name.");
    }

    private static string ConfigDigest(JsonElement manifest) => manifest.GetProperty("config").GetProperty("digest").GetString()!;

    private static string[] LayerDigests(JsonElement manifest) =>
        manifest.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()!).ToArray();

    private static CheckedImage Describe(string where, JsonElement manifest, byte[] config)
    {
        var layers = manifest.GetProperty("layers").EnumerateArray().ToArray();
        using var configJson = JsonDocument.Parse(config);
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (configJson.RootElement.TryGetProperty("config", out var runConfig) &&
            runConfig.TryGetProperty("Labels", out var labelsJson) && labelsJson.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in labelsJson.EnumerateObject())
            {
                labels[label.Name] = label.Value.GetString() ?? "";
            }
        }

        return new CheckedImage(where, layers.Length, layers.Sum(l => l.GetProperty("size").GetInt64()), labels);
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
