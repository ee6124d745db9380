// The Blob service REST client EdgeFlows speaks to Azure Stack Hub storage (and Azurite)
// with, since Azure.Storage.Blobs cannot be restored here. It rides on Azure.Core's pipeline
// for retries, timeouts, logging and TokenCredential. This file holds construction, the
// request plumbing and the container and single-blob operations; listing, upload, leases
// and SAS generation live in the partial files beside it.
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeFlows.Activities.Storage;

/// <summary>
/// A thread-safe client of one storage account's Blob service. Every request carries
/// <c>x-ms-version</c> (<see cref="BlobStorageClientOptions.ServiceVersion"/>), is retried on
/// throttling (500/503) with back-off and bounded by the network timeout of
/// <see cref="ClientOptions.Retry"/>. Refusals throw <see cref="BlobStorageException"/>.
/// </summary>
public sealed partial class BlobStorageClient
{
    private readonly HttpPipeline _pipeline;
    private readonly StorageSharedKeyCredential? _sharedKey;
    private readonly BlobStorageClientOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a client from a connection string (see <see cref="StorageConnectionString"/>).</summary>
    /// <exception cref="FormatException">The connection string is invalid.</exception>
    public BlobStorageClient(string connectionString, BlobStorageClientOptions? options = null, ILogger? logger = null)
        : this(StorageConnectionString.Parse(connectionString), options, logger)
    {
    }

    /// <summary>Creates a client from a parsed connection string: Shared Key, a given SAS, or anonymous.</summary>
    public BlobStorageClient(StorageConnectionString connectionString, BlobStorageClientOptions? options = null, ILogger? logger = null)
        : this(
            (connectionString ?? throw new ArgumentNullException(nameof(connectionString))).BlobEndpoint,
            connectionString.SharedKey,
            connectionString.SharedAccessSignature is { } sas ? new SharedAccessSignaturePolicy(sas) : null,
            perRetryPolicy: connectionString.SharedKey is { } key ? new SharedKeyAuthenticationPolicy(key) : null,
            options,
            logger)
    {
    }

    /// <summary>Creates a client that signs every request with Shared Key.</summary>
    public BlobStorageClient(Uri blobEndpoint, StorageSharedKeyCredential credential, BlobStorageClientOptions? options = null, ILogger? logger = null)
        : this(blobEndpoint, credential ?? throw new ArgumentNullException(nameof(credential)), perCallPolicy: null, new SharedKeyAuthenticationPolicy(credential), options, logger)
    {
    }

    /// <summary>
    /// Creates a client that sends bearer tokens from <paramref name="credential"/> (HTTPS only).
    /// Azure Stack Hub storage does not accept them; Azure and Azurite with OAuth do.
    /// </summary>
    public BlobStorageClient(Uri blobEndpoint, TokenCredential credential, BlobStorageClientOptions? options = null, ILogger? logger = null)
        : this(
            blobEndpoint,
            sharedKey: null,
            perCallPolicy: null,
            new BearerTokenAuthenticationPolicy(credential ?? throw new ArgumentNullException(nameof(credential)), (options ?? new BlobStorageClientOptions()).TokenScope),
            options,
            logger)
    {
    }

    private BlobStorageClient(
        Uri blobEndpoint,
        StorageSharedKeyCredential? sharedKey,
        HttpPipelinePolicy? perCallPolicy,
        HttpPipelinePolicy? perRetryPolicy,
        BlobStorageClientOptions? options,
        ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(blobEndpoint);
        BlobEndpoint = new Uri(blobEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        _sharedKey = sharedKey;
        _options = options ?? new BlobStorageClientOptions();
        _logger = logger ?? NullLogger.Instance;
        _pipeline = HttpPipelineBuilder.Build(
            _options,
            perCallPolicy is null ? [] : new[] { perCallPolicy },
            perRetryPolicy is null ? [] : new[] { perRetryPolicy },
            new ResponseClassifier());
    }

    /// <summary>The blob service endpoint, e.g. <c>https://acct.blob.local.azurestack.external</c>.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>True when the client holds an account key and so can generate SAS URLs.</summary>
    public bool CanGenerateSasUri => _sharedKey is not null;

    /// <summary>Creates the container unless it exists. Returns true when it was created.</summary>
    public async Task<bool> CreateContainerIfNotExistsAsync(string containerName, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateContainer(containerName);
        using var message = CreateMessage(RequestMethod.Put, containerName, blobName: null, ("restype", "container"));
        try
        {
            await SendAsync(message, "create container", containerName, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobStorageException e) when (e.ErrorCode == BlobErrorCode.ContainerAlreadyExists)
        {
            return false;
        }

        _logger.ContainerCreated(containerName);
        return true;
    }

    /// <summary>Deletes the container and all its blobs unless it is already gone. Returns true when deleted.</summary>
    public async Task<bool> DeleteContainerIfExistsAsync(string containerName, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateContainer(containerName);
        using var message = CreateMessage(RequestMethod.Delete, containerName, blobName: null, ("restype", "container"));
        try
        {
            await SendAsync(message, "delete container", containerName, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (BlobStorageException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return false;
        }
    }

    /// <summary>Gets a blob's properties and metadata (ETag, length, last-modified, Content-MD5).</summary>
    public async Task<BlobProperties> GetPropertiesAsync(string containerName, string blobName, CancellationToken cancellationToken = default)
    {
        using var message = CreateBlobMessage(RequestMethod.Head, containerName, blobName);
        var response = await SendAsync(message, "get properties", $"{containerName}/{blobName}", cancellationToken).ConfigureAwait(false);
        return BlobResponseReader.ReadProperties(response);
    }

    /// <summary>
    /// Starts downloading a blob. The content streams from the response as it is read;
    /// dispose the result to free the connection.
    /// </summary>
    public async Task<BlobDownloadResult> DownloadAsync(string containerName, string blobName, CancellationToken cancellationToken = default)
    {
        var message = CreateBlobMessage(RequestMethod.Get, containerName, blobName);
        try
        {
            // Unbuffered: the body is not copied into memory; reads are bounded by NetworkTimeout.
            message.BufferResponse = false;
            var response = await SendAsync(message, "download", $"{containerName}/{blobName}", cancellationToken).ConfigureAwait(false);
            var content = message.ExtractResponseContent() ?? Stream.Null;
            return new BlobDownloadResult(BlobResponseReader.ReadProperties(response), content, message);
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    /// <summary>Replaces a blob's user metadata. Returns the blob's new ETag.</summary>
    public async Task<Azure.ETag> SetMetadataAsync(
        string containerName,
        string blobName,
        IReadOnlyDictionary<string, string> metadata,
        BlobRequestConditions? conditions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        using var message = CreateBlobMessage(RequestMethod.Put, containerName, blobName, ("comp", "metadata"));
        AddMetadata(message.Request, metadata);
        AddConditions(message.Request, conditions);
        var response = await SendAsync(message, "set metadata", $"{containerName}/{blobName}", cancellationToken).ConfigureAwait(false);
        return BlobResponseReader.ReadETag(response);
    }

    /// <summary>
    /// Deletes a blob (and its snapshots). With <see cref="BlobRequestConditions.IfMatch"/> it
    /// deletes only that version; otherwise 412 <see cref="BlobErrorCode.ConditionNotMet"/>.
    /// </summary>
    public async Task DeleteAsync(string containerName, string blobName, BlobRequestConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        using var message = CreateBlobMessage(RequestMethod.Delete, containerName, blobName);
        message.Request.Headers.SetValue("x-ms-delete-snapshots", "include");
        AddConditions(message.Request, conditions);
        await SendAsync(message, "delete", $"{containerName}/{blobName}", cancellationToken).ConfigureAwait(false);
        _logger.BlobDeleted(containerName, blobName);
    }

    private HttpMessage CreateBlobMessage(RequestMethod method, string containerName, string blobName, params (string Name, string Value)[] query)
    {
        BlobNames.ValidateContainer(containerName);
        BlobNames.ValidateBlob(blobName);
        return CreateMessage(method, containerName, blobName, query);
    }

    private HttpMessage CreateMessage(RequestMethod method, string containerName, string? blobName, params (string Name, string Value)[] query)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(BlobEndpoint);
        request.Uri.AppendPath("/" + containerName, escape: false);
        if (blobName is not null)
        {
            request.Uri.AppendPath("/" + BlobNames.EncodePath(blobName), escape: false);
        }

        foreach (var (name, value) in query)
        {
            request.Uri.AppendQuery(name, value, escapeValue: true);
        }

        request.Headers.SetValue(BlobHeaders.Version, _options.ServiceVersion);
        return message;
    }

    private async Task<Azure.Response> SendAsync(HttpMessage message, string operation, string resource, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status < 400)
        {
            return response;
        }

        var exception = await BlobResponseReader.CreateExceptionAsync(response, operation, resource, cancellationToken).ConfigureAwait(false);
        _logger.RequestFailed(operation, resource, exception.Status, exception.ErrorCode);
        throw exception;
    }

    private static void AddMetadata(Request request, IReadOnlyDictionary<string, string>? metadata)
    {
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
        {
            BlobNames.ValidateMetadata(name, value);
            request.Headers.SetValue(BlobHeaders.MetadataPrefix + name, value);
        }
    }

    private static void AddConditions(Request request, BlobRequestConditions? conditions)
    {
        if (conditions?.IfMatch is { } ifMatch)
        {
            request.Headers.SetValue(BlobHeaders.IfMatch, ifMatch.ToString("H"));
        }

        if (conditions?.LeaseId is { } leaseId)
        {
            request.Headers.SetValue(BlobHeaders.LeaseId, leaseId);
        }
    }
}
