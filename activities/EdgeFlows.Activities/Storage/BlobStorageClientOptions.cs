using Azure.Core;

namespace EdgeFlows.Activities.Storage;

/// <summary>
/// Options of <see cref="BlobStorageClient"/>. Retries and the per-call network timeout come
/// from Azure.Core's <see cref="ClientOptions.Retry"/>: by default up to 3 retries with
/// exponential back-off from 0.8 s (capped at 1 min) on 408, 429, 500, 502, 503 and 504 —
/// the status codes storage uses for throttling — and a 100 s network timeout per try.
/// </summary>
public sealed class BlobStorageClientOptions : ClientOptions
{
    /// <summary>
    /// 2019-07-07: the highest Blob service version Azure Stack Hub 2008 and later accept.
    /// Azurite accepts it as well.
    /// </summary>
    public const string DefaultServiceVersion = "2019-07-07";

    /// <summary>Largest block the Blob service accepts from version 2019-07-07 (100 MiB).</summary>
    public const int MaxBlockSizeBytes = 100 * 1024 * 1024;

    /// <summary>Largest single Put Blob the Blob service accepts from version 2016-05-31 (256 MiB).</summary>
    public const int MaxSingleUploadBytes = 256 * 1024 * 1024;

    /// <summary>Most blocks one blob may have.</summary>
    public const int MaxBlockCount = 50_000;

    private int _singleUploadThresholdBytes = 4 * 1024 * 1024;
    private int _blockSizeBytes = 4 * 1024 * 1024;

    /// <summary>Creates options with the defaults documented on each property.</summary>
    public BlobStorageClientOptions()
    {
        // Blob-specific headers and query parameters are safe to log; Azure.Core redacts every
        // other one (Authorization, sig, x-ms-meta-*) by default.
        foreach (var header in new[]
        {
            BlobHeaders.Version, BlobHeaders.ErrorCode, BlobHeaders.RequestId, BlobHeaders.BlobType,
            BlobHeaders.LeaseAction, BlobHeaders.LeaseDuration, BlobHeaders.LeaseState, BlobHeaders.LeaseStatus,
            BlobHeaders.ContentMD5, BlobHeaders.ETag, BlobHeaders.LastModified, BlobHeaders.IfMatch,
        })
        {
            Diagnostics.LoggedHeaderNames.Add(header);
        }

        foreach (var query in new[] { "restype", "comp", "prefix", "delimiter", "maxresults", "include", "marker", "sv", "sr", "sp", "st", "se", "spr" })
        {
            Diagnostics.LoggedQueryParameters.Add(query);
        }
    }

    /// <summary>The <c>x-ms-version</c> sent with every request. Default <see cref="DefaultServiceVersion"/>.</summary>
    public string ServiceVersion { get; set; } = DefaultServiceVersion;

    /// <summary>
    /// Uploads of at most this many bytes go in one Put Blob; larger ones go as blocks.
    /// Default 4 MiB; at most <see cref="MaxSingleUploadBytes"/>. Up to this many bytes are
    /// held in memory while deciding.
    /// </summary>
    public int SingleUploadThresholdBytes
    {
        get => _singleUploadThresholdBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxSingleUploadBytes);
            _singleUploadThresholdBytes = value;
        }
    }

    /// <summary>
    /// Size of each block of a block upload; one block is held in memory at a time. Default
    /// 4 MiB; at most <see cref="MaxBlockSizeBytes"/>. The largest blob that can be uploaded is
    /// <see cref="MaxBlockCount"/> times this.
    /// </summary>
    public int BlockSizeBytes
    {
        get => _blockSizeBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxBlockSizeBytes);
            _blockSizeBytes = value;
        }
    }

    /// <summary>
    /// Scope requested from a <see cref="TokenCredential"/>. Default
    /// <c>https://storage.azure.com/.default</c>; Azure Stack Hub storage accepts no bearer tokens.
    /// </summary>
    public string TokenScope { get; set; } = "https://storage.azure.com/.default";
}
