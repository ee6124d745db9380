using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Stores;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Ready when the durable store answers a one-row query in time.</summary>
internal sealed class StoreReadinessCheck(DurableClient client, IOptions<HostingOptions> hosting, ILogger<StoreReadinessCheck> logger) : IHealthCheck
{
    public const string Name = "store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var timeout = hosting.Value.ReadinessTimeout;
        try
        {
            // WaitAsync bounds the check even when the store waits on a lock without watching the token.
            await client.QueryInstancesAsync(new InstanceQuery(PageSize: 1), cancellationToken).WaitAsync(timeout, cancellationToken);
            return HealthCheckResult.Healthy("The store answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = ex is TimeoutException ? $"The store did not answer within {timeout}." : $"The store failed: {ex.GetType().Name}: {ex.Message}";
            logger.ReadinessFailed(Name, reason);
            return HealthCheckResult.Unhealthy(reason);
        }
    }
}
