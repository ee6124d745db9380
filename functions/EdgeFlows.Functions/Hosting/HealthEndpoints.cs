// /healthz: the process is up (liveness; no dependency is checked, so a slow store never
// gets a live app restarted). /readyz: the app can do its work (readiness; the store
// answers, blob storage is reachable): 200 or 503 naming what failed. Neither needs a key,
// so App Service's health check and load balancers can call them.
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Registers and maps the health endpoints.</summary>
public static class HealthEndpoints
{
    /// <summary>The liveness path.</summary>
    public const string LivePath = "/healthz";

    /// <summary>The readiness path.</summary>
    public const string ReadyPath = "/readyz";

    /// <summary>The tag of checks that count for readiness.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Adds the readiness checks (store, blob storage), each bounded by <c>EdgeFlows:Host:ReadinessTimeout</c>.</summary>
    public static IServiceCollection AddEdgeFlowsHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreReadinessCheck>(StoreReadinessCheck.Name, HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<StorageReadinessCheck>(StorageReadinessCheck.Name, HealthStatus.Unhealthy, [ReadyTag]);
        services.AddSingleton<StorageReadinessCheck>();
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<HostingOptions>>((health, hosting) =>
        {
            foreach (var registration in health.Registrations)
            {
                registration.Timeout = hosting.Value.ReadinessTimeout;
            }
        });
        return services;
    }

    /// <summary>Maps <see cref="LivePath"/> and <see cref="ReadyPath"/>.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithDisplayName("Liveness");
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .WithDisplayName("Readiness");
        return endpoints;
    }

    // {"status":"Unhealthy","checks":[{"name":"store","status":"Healthy","durationMs":1.2,"description":null}, ...]}
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                description = e.Value.Description,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
