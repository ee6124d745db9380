// The runs of the Retrain orchestration, however they were started (HTTP, blob trigger,
// schedule). The dataset filter reads each run's input, so a page is filled by reading the
// store's pages in turn, each asking for what is still missing; the continuation token is
// always the store's own, so no run is skipped or repeated.
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Functions.Http.Keys;
using EdgeFlows.Functions.Http.Management;
using EdgeFlows.Functions.Http.Retrain;

namespace EdgeFlows.Functions.Http.Runs;

/// <summary><c>GET /api/runs</c> and <c>GET /api/runs/{id}</c>.</summary>
public static class RunsApi
{
    /// <summary>Default page size.</summary>
    public const int DefaultPageSize = 25;

    /// <summary>Largest page size.</summary>
    public const int MaxPageSize = 100;

    /// <summary>
    /// Most runs one request reads while filtering by dataset, as a multiple of the page size:
    /// a rare dataset then gets a short (even empty) page with a token, never a long scan.
    /// </summary>
    public const int ScanFactor = 20;

    /// <summary>The path of a run's status.</summary>
    public static string StatusPath(string instanceId) => $"/api/runs/{Uri.EscapeDataString(instanceId)}";

    /// <summary>Maps the endpoints; they need the <c>runs</c> function key.</summary>
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder endpoints)
    {
        var runs = endpoints.MapGroup("/api/runs").RequireFunctionKey(FunctionNames.Runs).WithTags("Runs");
        runs.MapGet("/", ListAsync)
            .WithName("ListRuns")
            .WithSummary("Retrain runs, newest first. Filters: status (comma-separated), dataset, createdFrom, createdTo; pageSize (1–100), continuationToken.")
            .Produces<RunPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        runs.MapGet("/{instanceId}", GetAsync)
            .WithName("GetRun")
            .WithSummary("A run's status in Durable Functions' shape: 202 while it runs, 200 when finished, 404 if unknown. showHistory, showHistoryOutput, showInput as there.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    public static async Task<IResult> ListAsync(HttpRequest request, DurableClient client, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var statuses = QueryParameters.GetStatuses(query, "status");
        var dataset = QueryParameters.GetString(query, "dataset", 64);
        var pageSize = QueryParameters.GetInt(query, "pageSize", 1, MaxPageSize) ?? DefaultPageSize;
        var storeQuery = new InstanceQuery(
            Statuses: statuses,
            Name: RetrainApi.OrchestratorName,
            CreatedFrom: QueryParameters.GetTime(query, "createdFrom"),
            CreatedTo: QueryParameters.GetTime(query, "createdTo"),
            ContinuationToken: QueryParameters.GetString(query, "continuationToken", 1000),
            IncludePayloads: true);
        if (statuses is { Count: 0 })
        {
            return TypedResults.Ok(new RunPage([], null));
        }

        var items = new List<RunSummary>();
        var budget = pageSize * ScanFactor;
        var token = storeQuery.ContinuationToken;
        do
        {
            var want = Math.Min(pageSize - items.Count, budget);
            InstancePage page;
            try
            {
                page = await client.QueryInstancesAsync(storeQuery with { PageSize = want, ContinuationToken = token }, cancellationToken);
            }
            catch (ArgumentException)
            {
                throw ApiException.BadRequest("The continuationToken is not one this API returned.");
            }

            budget -= page.Items.Count;
            items.AddRange(page.Items
                .Select(RunSummary.From)
                .Where(r => dataset is null || string.Equals(r.Dataset, dataset, StringComparison.Ordinal)));
            token = page.ContinuationToken;
        }
        while (token is not null && items.Count < pageSize && budget > 0);

        return TypedResults.Ok(new RunPage(items, token));
    }

    public static async Task<IResult> GetAsync(string instanceId, HttpRequest request, DurableClient client, CancellationToken cancellationToken)
    {
        InstanceIds.ValidateExisting(instanceId);
        var query = request.Query;
        var result = await InstanceStatusEndpoints.StatusResultAsync(
            instanceId,
            request,
            client,
            QueryParameters.GetBool(query, "showHistory", false),
            QueryParameters.GetBool(query, "showHistoryOutput", false),
            QueryParameters.GetBool(query, "showInput", true),
            QueryParameters.GetBool(query, "returnInternalServerErrorOnFailure", false),
            cancellationToken,
            accept: i => string.Equals(i.Name, RetrainApi.OrchestratorName, StringComparison.OrdinalIgnoreCase));
        return result ?? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No run '{instanceId}' exists.");
    }
}
