using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Functions.Http.Keys;
using EdgeFlows.Functions.Http.Management;
using EdgeFlows.Functions.Http.Runs;
using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Http.Retrain;

/// <summary><c>POST /api/retrain/{dataset}</c>: starts a Retrain run.</summary>
public static class RetrainApi
{
    /// <summary>The orchestration a retrain runs (the pipeline's).</summary>
    public const string OrchestratorName = "Retrain";

    /// <summary>The header that makes a start idempotent.</summary>
    public const string RequestIdHeader = "x-request-id";

    /// <summary>Maps the endpoint; it needs the <c>retrain</c> function key.</summary>
    public static IEndpointRouteBuilder MapRetrainApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/retrain/{dataset}", StartAsync)
            .RequireFunctionKey(FunctionNames.Retrain)
            .WithTags("Runs")
            .WithName("StartRetrain")
            .WithSummary("Starts a retrain of the dataset. Body (optional, JSON): {recipe, target, reason}. With x-request-id, a retry returns the same run.")
            .Produces<ManagementPayload>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    /// <summary>
    /// 202 with Location (the run's status at <c>/api/runs/{id}</c>) and the management links.
    /// The same <c>x-request-id</c> for the same dataset gives the same run, 202 each time.
    /// </summary>
    public static async Task<IResult> StartAsync(
        string dataset,
        HttpRequest request,
        DurableClient client,
        OrchestrationRegistry registry,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!BlobPathPattern.IsValidDatasetName(dataset))
        {
            throw ApiException.BadRequest("The dataset name must be 1–64 of A-Z a-z 0-9 . _ - (and not '.' or '..').");
        }

        string? requestId = null;
        if (request.Headers.TryGetValue(RequestIdHeader, out var header))
        {
            requestId = header.ToString();
            RetrainInstanceIds.ValidateRequestId(requestId);
        }

        var body = await JsonBody.ReadOptionalAsync<RetrainBody>(request, cancellationToken);
        body?.Validate();
        if (!registry.HasOrchestrator(OrchestratorName))
        {
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, $"The {OrchestratorName} orchestration is not registered in this app.");
        }

        var instanceId = RetrainInstanceIds.For(dataset, requestId);
        var options = new StartOrchestrationOptions(instanceId, ReusePolicy: requestId is null ? OrchestrationIdReusePolicy.Error : OrchestrationIdReusePolicy.SkipIfExists);
        await client.ScheduleNewOrchestrationInstanceAsync(OrchestratorName, RetrainInput.ToInput(dataset, body), options, cancellationToken);
        loggers.CreateLogger(typeof(RetrainApi)).RetrainRequested(dataset, instanceId, requestId is null ? "new" : "idempotent");

        var status = $"{ManagementPayload.BaseUrl(request)}{RunsApi.StatusPath(instanceId)}";
        var code = ManagementPayload.CodeOf(request);
        return ManagementPayload.For(request, instanceId, code is null ? status : $"{status}?{code}").ToAcceptedResult(request.HttpContext.Response);
    }
}
