using EdgeFlows.Durable.Hosting;
using EdgeFlows.Samples.Demo.Orchestrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Samples.Demo;

/// <summary>Composes the demo's host: the durable runtime on a SQLite file, with RetrainPreview registered.</summary>
public static class DemoHost
{
    /// <summary>
    /// Builds the host. Runtime settings bind from configuration (<c>EdgeFlows:Durable:*</c>,
    /// e.g. the environment variable <c>EdgeFlows__Durable__MaxDeliveryCount</c>); the store
    /// file is always <see cref="DemoOptions.DatabasePath"/>.
    /// </summary>
    public static IHost Build(DemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        // The run's own (replay-safe) logs, and the runtime's warnings, such as a failed attempt.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("EdgeFlows.Samples", LogLevel.Information);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddDurableRuntime(
            runtime => runtime
                .AddRetrainPreview()
                .UseSqlite(o => o.DataSource = options.DatabasePath),
            builder.Configuration);
        return builder.Build();
    }
}
