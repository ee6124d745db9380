using Azure.Core;

namespace EdgeFlows.Activities.Images;

/// <summary>
/// Options of <see cref="OciRegistryClient"/>. Retries and the per-call timeout come from
/// Azure.Core's <see cref="ClientOptions.Retry"/>: by default up to 3 retries with exponential
/// back-off from 0.8 s (capped at 1 min, honouring <c>Retry-After</c>) on 408, 429, 500, 502,
/// 503 and 504 and on network errors, and a 100 s network timeout per call.
/// </summary>
public sealed class OciRegistryClientOptions : ClientOptions
{
    /// <summary>Smallest chunk size accepted (registries may refuse tiny chunks; tests use small ones).</summary>
    public const int MinChunkSizeBytes = 1024;

    /// <summary>Largest chunk size accepted.</summary>
    public const int MaxChunkSizeBytes = 256 * 1024 * 1024;

    private int _chunkSizeBytes = 8 * 1024 * 1024;
    private int _maxManifestBytes = 4 * 1024 * 1024;

    /// <summary>Creates options with the defaults documented on each property.</summary>
    public OciRegistryClientOptions()
    {
        // Distribution's headers are safe to log. Azure.Core redacts every other header (Authorization;
        // Location, which carries the upload session state) and all other query values by default.
        foreach (var header in new[] { "Docker-Content-Digest", "Docker-Upload-UUID", "Docker-Distribution-Api-Version", "Range", "Content-Range" })
        {
            Diagnostics.LoggedHeaderNames.Add(header);
        }

        foreach (var query in new[] { "digest", "mount", "from" })
        {
            Diagnostics.LoggedQueryParameters.Add(query);
        }
    }

    /// <summary>
    /// Blobs are uploaded in chunks of this many bytes (one chunk held in memory at a time);
    /// a blob no larger than one chunk goes in a single request. Default 8 MiB.
    /// </summary>
    public int ChunkSizeBytes
    {
        get => _chunkSizeBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinChunkSizeBytes);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxChunkSizeBytes);
            _chunkSizeBytes = value;
        }
    }

    /// <summary>Largest manifest read or written. Default 4 MiB, the limit registries commonly enforce.</summary>
    public int MaxManifestBytes
    {
        get => _maxManifestBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxManifestBytes = value;
        }
    }

    /// <summary>
    /// Allow plain <c>http://</c> to a registry or token service that is not on this machine.
    /// Default false: credentials and tokens would cross the network in clear text. Loopback
    /// (127.0.0.1, ::1, localhost) may always use http.
    /// </summary>
    public bool AllowInsecureHttp { get; set; }
}
