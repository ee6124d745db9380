using System.Text.Json.Serialization;
using EdgeFlows.Functions.Http.Keys;
using EdgeFlows.Functions.Http.Models;
using EdgeFlows.Functions.Http.Retrain;
using EdgeFlows.Functions.Http.Runs;

namespace EdgeFlows.Functions.Http;

/// <summary>The app's HTTP API: keys, JSON settings, the app endpoints and the OpenAPI document.</summary>
public static class HttpApiExtensions
{
    /// <summary>Where the OpenAPI document is served.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>Adds keys (<c>EdgeFlows:Keys</c>, checked at start-up), JSON options and OpenAPI.</summary>
    public static IServiceCollection AddEdgeFlowsApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFunctionKeys(configuration);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiKeySchemes>());
        return services;
    }

    /// <summary>Maps the app endpoints (retrain, runs, models) and the OpenAPI document (no key needed).</summary>
    public static IEndpointRouteBuilder MapEdgeFlowsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRetrainApi();
        endpoints.MapRunsApi();
        endpoints.MapModelsApi();
        endpoints.MapOpenApi();
        return endpoints;
    }
}
