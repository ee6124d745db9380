namespace EdgeFlows.Activities.Images;

/// <summary>A manifest as the registry holds it: its media type, digest and exact bytes.</summary>
/// <param name="MediaType">The manifest's media type (see <see cref="OciMediaTypes"/>).</param>
/// <param name="Digest">The digest of <paramref name="Content"/>, checked against what was asked for.</param>
/// <param name="Content">The manifest's JSON, byte for byte (its digest depends on every byte).</param>
public sealed record RegistryManifest(string MediaType, string Digest, ReadOnlyMemory<byte> Content);

/// <summary>A blob the registry now holds, and how many bytes the upload sent.</summary>
/// <param name="Descriptor">The blob's digest (computed while it streamed) and size.</param>
/// <param name="BytesSent">Request body bytes sent to the registry, retries included.</param>
public sealed record BlobUploadResult(OciDescriptor Descriptor, long BytesSent);

/// <summary>A manifest the registry now holds under a tag or digest.</summary>
/// <param name="Digest">The manifest's digest.</param>
/// <param name="BytesSent">Request body bytes sent to the registry, retries included.</param>
public sealed record ManifestPushResult(string Digest, long BytesSent);
