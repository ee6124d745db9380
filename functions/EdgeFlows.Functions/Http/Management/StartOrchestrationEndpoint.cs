using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;

namespace EdgeFlows.Functions.Http.Management;

/// <summary><c>POST /orchestrators/{name}/{instanceId?}</c>.</summary>
internal static class StartOrchestrationEndpoint
{
    /// <summary>Longest wait <c>timeout</c> may ask for: well under App Service's 230 s request limit.</summary>
    public const double MaxWaitSeconds = 200;

    /// <summary>
    /// Starts <paramref name="name"/> with the body (JSON, or empty for no input). With
    /// <c>timeout</c> and <c>pollingInterval</c> (seconds), waits for it: 200 with the output
    /// when it completes in time, the status when it fails or is terminated, else the 202.
    /// </summary>
    public static async Task<IResult> StartAsync(string name, string? instanceId, HttpRequest request, DurableClient client, CancellationToken cancellationToken)
    {
        if (instanceId is not null)
        {
            InstanceIds.ValidateNew(instanceId);
        }

        var timeout = QueryParameters.GetSeconds(request.Query, "timeout", MaxWaitSeconds);
        var pollingInterval = QueryParameters.GetSeconds(request.Query, "pollingInterval", MaxWaitSeconds);
        var returnInternalServerErrorOnFailure = QueryParameters.GetBool(request.Query, "returnInternalServerErrorOnFailure", false);
        var input = await JsonBody.ReadOptionalAsync(request, cancellationToken);
        var id = await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId), cancellationToken);

        if (timeout is { } wait && pollingInterval is { } interval)
        {
            var finished = await WaitAsync(client, id, wait, interval, cancellationToken);
            if (finished is not null)
            {
                return finished.Status == OrchestrationRuntimeStatus.Completed
                    ? TypedResults.Json(InstanceStatusJson.Parse(finished.Output), statusCode: StatusCodes.Status200OK)
                    : TypedResults.Json(
                        InstanceStatusJson.From(finished, showInput: true),
                        statusCode: InstanceStatusJson.HttpStatusFor(finished.Status, returnInternalServerErrorOnFailure));
            }
        }

        return ManagementPayload.For(request, id).ToAcceptedResult(request.HttpContext.Response);
    }

    private static async Task<Durable.Stores.OrchestrationInstance?> WaitAsync(DurableClient client, string id, TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var instance = await client.GetInstanceAsync(id, true, deadline.Token);
                if (instance is not null && instance.Status.IsTerminal())
                {
                    return instance;
                }

                await Task.Delay(interval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
