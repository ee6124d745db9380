using EdgeFlows.Functions.Http.Keys;

namespace EdgeFlows.Functions.Http.Models;

/// <summary><c>GET /api/models</c> and <c>GET /api/models/{name}/versions/{version}</c>.</summary>
public static class ModelsApi
{
    /// <summary>Default page size.</summary>
    public const int DefaultPageSize = 25;

    /// <summary>Largest page size.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Maps the endpoints; they need the <c>models</c> function key.</summary>
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder endpoints)
    {
        var models = endpoints.MapGroup("/api/models").RequireFunctionKey(FunctionNames.Models).WithTags("Models");
        models.MapGet("/", ListAsync)
            .WithName("ListModels")
            .WithSummary("Registered model versions, newest first. Filters: name, stage, tag (key or key=value); pageSize (1–100), continuationToken.")
            .Produces<ModelPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        models.MapGet("/{name}/versions/{version}", GetAsync)
            .WithName("GetModelVersion")
            .WithSummary("One model version with its metrics, tags, lineage and image.")
            .Produces<ModelVersionInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    public static async Task<IResult> ListAsync(HttpRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var modelQuery = new ModelQuery(
            Name: QueryParameters.GetString(query, "name", 256),
            Stage: QueryParameters.GetString(query, "stage", 64),
            Tag: QueryParameters.GetString(query, "tag", 512),
            PageSize: QueryParameters.GetInt(query, "pageSize", 1, MaxPageSize) ?? DefaultPageSize,
            ContinuationToken: QueryParameters.GetString(query, "continuationToken", 1000));
        try
        {
            return TypedResults.Ok(await Registry(services).ListAsync(modelQuery, cancellationToken));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw ApiException.BadRequest(ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    public static async Task<IResult> GetAsync(string name, string version, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (name.Length > 256 || version.Length > 64 || name.Any(char.IsControl) || version.Any(char.IsControl))
        {
            throw ApiException.BadRequest("The model name must be at most 256 and the version at most 64 characters, without control characters.");
        }

        var model = await Registry(services).GetAsync(name, version, cancellationToken);
        return model is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Model '{name}' has no version '{version}'.")
            : TypedResults.Ok(model);
    }

    private static IModelRegistry Registry(IServiceProvider services) =>
        services.GetService<IModelRegistry>()
        ?? throw new ApiException(StatusCodes.Status503ServiceUnavailable, "No model registry is configured in this app.");
}
