using EdgeFlows.Activities.Storage;
using EdgeFlows.Functions.Pipeline.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>
/// The pipeline's blob storage client (datasets and job outputs), built once from
/// <c>EdgeFlows:Storage</c> with its request timeout. It holds the account key, which signs
/// the jobs' SAS URLs; the key never leaves this process.
/// </summary>
public sealed class RetrainStorage
{
    private readonly Lazy<BlobStorageClient> _client;

    /// <summary>Creates the holder; the client is built on first use (options are validated at start-up).</summary>
    public RetrainStorage(IOptions<RetrainPipelineOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var storage = options.Value.Storage;
        _client = new Lazy<BlobStorageClient>(() =>
        {
            var clientOptions = new BlobStorageClientOptions();
            clientOptions.Retry.NetworkTimeout = storage.RequestTimeout;
            return new BlobStorageClient(
                storage.ConnectionString ?? throw new InvalidOperationException("EdgeFlows:Storage:ConnectionString is missing."),
                clientOptions,
                loggerFactory.CreateLogger<BlobStorageClient>());
        });
    }

    /// <summary>The client.</summary>
    public BlobStorageClient Client => _client.Value;
}
