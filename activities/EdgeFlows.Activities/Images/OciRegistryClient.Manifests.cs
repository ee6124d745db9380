// Manifest operations: GET (OCI and Docker manifests and indexes, digest verified), HEAD
// (the digest a tag points to) and PUT.
using System.Text.Json;
using Azure.Core;

namespace EdgeFlows.Activities.Images;

public sealed partial class OciRegistryClient
{
    /// <summary>
    /// Gets a manifest by tag or digest, accepting OCI and Docker schema 2 manifests and indexes.
    /// Its digest is computed from the bytes and, when <paramref name="reference"/> is a digest,
    /// checked against it.
    /// </summary>
    /// <exception cref="OciRegistryException">404 <c>MANIFEST_UNKNOWN</c> when there is no such manifest, among others.</exception>
    public async Task<RegistryManifest> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        ValidateManifestReference(reference);
        using var message = CreateMessage(RequestMethod.Get, $"/v2/{repository}/manifests/{reference}", RegistryMessageProperties.PullScope(repository));
        message.Request.Headers.SetValue(HttpHeader.Names.Accept, OciMediaTypes.ManifestAccept);
        message.BufferResponse = false;
        var response = await SendAsync(message, "manifest download", $"{repository}:{reference}", cancellationToken).ConfigureAwait(false);
        var content = await ReadBoundedAsync(response.ContentStream, _options.MaxManifestBytes, $"{repository}:{reference}", cancellationToken).ConfigureAwait(false);
        var digest = OciDigest.Compute(content);
        if (reference.StartsWith(OciDigest.Prefix, StringComparison.Ordinal) && digest != reference)
        {
            throw new InvalidDataException($"The manifest {repository}@{reference} from {Registry} hashes to {digest}; it does not match its digest.");
        }

        var mediaType = MediaTypeOf(content) ?? (response.Headers.ContentType?.Split(';')[0].Trim())
            ?? throw new OciRegistryException(response.Status, null, $"The manifest {repository}:{reference} from {Registry} has no media type.");
        return new RegistryManifest(mediaType, digest, content);
    }

    /// <summary>The digest of the manifest a tag (or digest) names, or null when there is none (HEAD; nothing is downloaded).</summary>
    public async Task<string?> GetManifestDigestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        ValidateManifestReference(reference);
        using var message = CreateMessage(RequestMethod.Head, $"/v2/{repository}/manifests/{reference}", RegistryMessageProperties.PullScope(repository));
        message.Request.Headers.SetValue(HttpHeader.Names.Accept, OciMediaTypes.ManifestAccept);
        var response = await SendAsync(message, "manifest check", $"{repository}:{reference}", cancellationToken, 404).ConfigureAwait(false);
        return response.Status == 404 ? null : response.Headers.TryGetValue("Docker-Content-Digest", out var digest) ? digest : null;
    }

    /// <summary>
    /// Stores a manifest under a tag (or its digest). The registry checks that every blob it
    /// names is in <paramref name="repository"/>, so push blobs first.
    /// </summary>
    public async Task<ManifestPushResult> PutManifestAsync(string repository, string reference, string mediaType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        ValidateManifestReference(reference);
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        if (content.Length > _options.MaxManifestBytes)
        {
            throw new ArgumentException($"The manifest is {content.Length} bytes; registries accept at most {_options.MaxManifestBytes}.", nameof(content));
        }

        var meter = new ByteMeter();
        var digest = OciDigest.Compute(content.Span);
        using var message = CreateMessage(RequestMethod.Put, $"/v2/{repository}/manifests/{reference}", RegistryMessageProperties.PushScope(repository));
        RegistryMessageProperties.SetMeter(message, meter);
        message.Request.Content = RequestContent.Create(content);
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, mediaType);
        var response = await SendAsync(message, "manifest upload", $"{repository}:{reference}", cancellationToken).ConfigureAwait(false);
        if (response.Headers.TryGetValue("Docker-Content-Digest", out var stored) && stored != digest)
        {
            throw new OciRegistryException(response.Status, null, $"The registry {Registry} stored the manifest of {repository}:{reference} as {stored}, not {digest}.");
        }

        _logger.ManifestPushed(Registry, repository, reference, digest);
        return new ManifestPushResult(digest, meter.Bytes);
    }

    private static void ValidateManifestReference(string reference)
    {
        var error = reference?.StartsWith(OciDigest.Prefix, StringComparison.Ordinal) == true ? OciNames.DigestError(reference) : OciNames.TagError(reference);
        if (error is not null)
        {
            throw new ArgumentException($"Invalid manifest reference: {error}.", nameof(reference));
        }
    }

    private static string? MediaTypeOf(ReadOnlyMemory<byte> content)
    {
        try
        {
            using var json = JsonDocument.Parse(content);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<byte[]> ReadBoundedAsync(Stream? stream, int maxBytes, string what, CancellationToken cancellationToken) =>
        stream is null ? [] : await BoundedRead.ReadAllAsync(stream, maxBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"The manifest {what} from {Registry} is larger than {maxBytes} bytes.");
}
