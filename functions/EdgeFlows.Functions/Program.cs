// The app's entry point and composition: configuration, host services, the durable runtime
// with its triggers, and the HTTP surface. Each piece lives in its own Add…/Map… extension.
using EdgeFlows.Activities.Models;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Functions.Hosting;
using EdgeFlows.Functions.Http;
using EdgeFlows.Functions.Http.Management;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions;

/// <summary>The EdgeFlows app.</summary>
public static class Program
{
    /// <summary>Runs the app until it is stopped (Ctrl-C, SIGTERM, App Service recycling).</summary>
    public static async Task Main(string[] args)
    {
        await using var app = CreateApp(args);
        await app.RunAsync();
    }

    /// <summary>
    /// Composes the app. Command-line arguments work as in any ASP.NET Core app
    /// (<c>--urls</c>, <c>--contentRoot</c>, <c>--EdgeFlows:Keys:Host=…</c>).
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="customization">Additions from tests and tools: settings, orchestrators, services.</param>
    public static WebApplication CreateApp(string[] args, AppCustomization? customization = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(Program).Assembly.GetName().Name,
        });
        builder.AddEdgeFlowsConfiguration(customization?.KeyVaultClient);
        customization?.Builder?.Invoke(builder);
        builder.AddEdgeFlowsHost();

        // The model registry lives with the store (before the pipeline, which would add the
        // embedded one), unless a customization registered another.
        builder.Services.AddAppModelRegistry(builder.Configuration);
        builder.Services.AddDurableRuntime(
            runtime =>
            {
                runtime.UseAppStore(builder.Configuration, builder.Environment);
                runtime.AddBlobTrigger(builder.Configuration);

                // The retrain pipeline needs training targets; an app configured without any
                // (a management-only host, the API tests) serves everything else.
                if (builder.Configuration.GetSection(RetrainPipelineOptions.SectionName + ":Targets").Exists())
                {
                    runtime.AddRetrainPipeline(builder.Configuration);
                    builder.Services.ResolvePipelinePathsInDataFolder(builder.Environment);
                }

                customization?.Runtime?.Invoke(runtime);
            },
            builder.Configuration);

        builder.Services.AddEdgeFlowsApi(builder.Configuration);

        var app = builder.Build();
        app.UseEdgeFlowsHost();
        app.MapHealthEndpoints();
        app.MapEdgeFlowsApi();
        app.MapDurableTaskManagementApi();
        return app;
    }
}
