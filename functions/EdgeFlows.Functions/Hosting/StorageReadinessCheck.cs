using EdgeFlows.Activities.Storage;
using EdgeFlows.Functions.Triggers.Blob;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Hosting;

/// <summary>
/// Ready when every container the blob trigger watches can be listed (one blob, no retries,
/// within the readiness timeout). Healthy with nothing to check when no watch is configured.
/// </summary>
internal sealed class StorageReadinessCheck : IHealthCheck
{
    public const string Name = "storage";

    private readonly Lazy<IReadOnlyList<BlobWatch>> _watches;
    private readonly TimeSpan _timeout;
    private readonly ILogger<StorageReadinessCheck> _logger;

    public StorageReadinessCheck(IOptions<BlobTriggerOptions> trigger, IOptions<HostingOptions> hosting, ILoggerFactory loggerFactory)
    {
        _timeout = hosting.Value.ReadinessTimeout;
        _logger = loggerFactory.CreateLogger<StorageReadinessCheck>();
        var clientLogger = loggerFactory.CreateLogger<BlobStorageClient>();
        _watches = new Lazy<IReadOnlyList<BlobWatch>>(() =>
        {
            var probe = new BlobTriggerOptions
            {
                ConnectionString = trigger.Value.ConnectionString,
                RequestTimeout = _timeout,
                MaxRetries = 0,
            };
            return [.. trigger.Value.Watches.Select(w => BlobWatch.Create(w, probe, clientLogger))];
        });
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var watches = _watches.Value;
        if (watches.Count == 0)
        {
            return HealthCheckResult.Healthy("No blob storage is configured.");
        }

        var failures = await Task.WhenAll(watches.Select(w => ProbeAsync(w, cancellationToken)));
        var failed = failures.Where(f => f is not null).ToList();
        if (failed.Count == 0)
        {
            return HealthCheckResult.Healthy($"{watches.Count} watched container(s) reachable.");
        }

        var reason = string.Join(" ", failed);
        _logger.ReadinessFailed(Name, reason);
        return HealthCheckResult.Unhealthy(reason);
    }

    private async Task<string?> ProbeAsync(BlobWatch watch, CancellationToken cancellationToken)
    {
        try
        {
            await watch.Client.ListBlobsPageAsync(watch.Container, new BlobListOptions { Prefix = watch.ListPrefix, PageSize = 1 }, cancellationToken: cancellationToken)
                .WaitAsync(_timeout, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Storage errors name the account and container, never the key (see BlobStorageClient).
            var cause = ex is TimeoutException ? $"no answer within {_timeout}" : $"{ex.GetType().Name}: {FirstLine(ex.Message)}";
            return $"Watch '{watch.Name}' (container {watch.Container}) cannot be listed: {cause}.";
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
