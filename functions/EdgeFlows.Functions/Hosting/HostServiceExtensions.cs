// The host around the runtime: validated options, graceful shutdown, request limits,
// RFC 7807 errors, health checks, and logs that never carry keys.
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Functions.Http.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Adds and wires the app's host services.</summary>
public static class HostServiceExtensions
{
    /// <summary>
    /// Binds <see cref="HostingOptions"/> (checked at start-up together with the runtime's
    /// options), sets the shutdown timeout and request body limit from it, and adds
    /// ProblemDetails, the exception handler, health checks and log redaction.
    /// </summary>
    public static WebApplicationBuilder AddEdgeFlowsHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<HostingOptions>().Bind(builder.Configuration.GetSection(HostingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>();
        services.AddOptions<DurableRuntimeOptions>().ValidateOnStart();
        services.AddHostedService<KeyVaultReloadService>();
        services.AddOptions<HostOptions>().Configure<IOptions<HostingOptions>>((host, hosting) => host.ShutdownTimeout = hosting.Value.ShutdownTimeout);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HostingOptions>>((kestrel, hosting) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = hosting.Value.MaxRequestBodyBytes;
        });

        // App Service on Windows runs the app inside IIS (in-process), where IIS's limit applies instead of Kestrel's.
        services.AddOptions<IISServerOptions>().Configure<IOptions<HostingOptions>>((iis, hosting) => iis.MaxRequestBodySize = hosting.Value.MaxRequestBodyBytes);

        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // The path only: a query may hold a key (code=...).
            context.ProblemDetails.Instance ??= context.HttpContext.Request.PathBase + context.HttpContext.Request.Path;
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddEdgeFlowsHealthChecks();
        services.AddSingleton<IPostConfigureOptions<LoggerFilterOptions>, RequestLineLogRedaction>();
        services.AddHostedService<StartupReport>();
        return builder;
    }

    /// <summary>
    /// The middleware, in order: errors as ProblemDetails, the request log (keys redacted),
    /// routing, and the key check of the endpoint matched.
    /// </summary>
    public static WebApplication UseEdgeFlowsHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseRouting();
        app.UseFunctionKeys();
        return app;
    }

    private sealed class HostingOptionsValidator(IOptions<DurableRuntimeOptions> durable) : IValidateOptions<HostingOptions>
    {
        public ValidateOptionsResult Validate(string? name, HostingOptions options)
        {
            var errors = options.Validate(durable.Value.ShutdownTimeout);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
