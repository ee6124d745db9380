// The model registry over HTTP: the app's IModelRegistry (the embedded SqliteModelRegistry in
// the store's file unless another is registered), read-only. Items are the registry's own
// ModelVersion records, so the API, the CLI and the registry describe a version alike.
using EdgeFlows.Activities.Models;
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
            .WithSummary("Registered model versions by model name, newest version first. Filters: name, stage (Candidate, Promoted, Rejected, Archived), tag (key or key=value); pageSize (1–100), continuationToken.")
            .Produces<ModelPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        models.MapGet("/{name}/versions/{version}", GetAsync)
            .WithName("GetModelVersion")
            .WithSummary("One model version with its stage, metrics, tags, artifact, image and lineage.")
            .Produces<ModelVersion>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    public static async Task<IResult> ListAsync(HttpRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var (tagKey, tagValue) = Tag(QueryParameters.GetString(query, "tag", 512));
        var modelQuery = new ModelQuery
        {
            Name = QueryParameters.GetString(query, "name", 256),
            Stage = Stage(QueryParameters.GetString(query, "stage", 64)),
            TagKey = tagKey,
            TagValue = tagValue,
            PageSize = QueryParameters.GetInt(query, "pageSize", 1, MaxPageSize) ?? DefaultPageSize,
            ContinuationToken = QueryParameters.GetString(query, "continuationToken", 1000),
        };
        try
        {
            var page = await Registry(services).ListAsync(modelQuery, cancellationToken);
            return TypedResults.Ok(new ModelPage(page.Versions, page.ContinuationToken));
        }
        catch (ArgumentException ex)
        {
            throw ApiException.BadRequest(ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    public static async Task<IResult> GetAsync(string name, string version, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (name.Length > 256 || name.Any(char.IsControl))
        {
            throw ApiException.BadRequest("The model name must be at most 256 characters, without control characters.");
        }

        if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw ApiException.BadRequest("The version must be a whole number from 1 up.");
        }

        var model = await Registry(services).GetAsync(name, number, cancellationToken);
        return model is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Model '{name}' has no version '{version}'.")
            : TypedResults.Ok(model);
    }

    private static ModelStage? Stage(string? stage)
    {
        if (stage is null)
        {
            return null;
        }

        return Enum.TryParse<ModelStage>(stage, ignoreCase: true, out var parsed) && !stage.Any(char.IsDigit)
            ? parsed
            : throw ApiException.BadRequest($"The query parameter 'stage' must be one of {string.Join(", ", Enum.GetNames<ModelStage>())}.");
    }

    private static (string? Key, string? Value) Tag(string? tag)
    {
        if (tag is null)
        {
            return (null, null);
        }

        var separator = tag.IndexOf('=', StringComparison.Ordinal);
        var key = separator < 0 ? tag : tag[..separator];
        return string.IsNullOrWhiteSpace(key)
            ? throw ApiException.BadRequest("The query parameter 'tag' must be key or key=value, with a key.")
            : (key, separator < 0 ? null : tag[(separator + 1)..]);
    }

    private static IModelRegistry Registry(IServiceProvider services) =>
        services.GetService<IModelRegistry>()
        ?? throw new ApiException(StatusCodes.Status503ServiceUnavailable, "No model registry is configured in this app.");
}
