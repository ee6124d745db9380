using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Functions.Http.Management;

/// <summary><c>DELETE /instances/{instanceId}</c> and <c>DELETE /instances</c>.</summary>
internal static class PurgeEndpoints
{
    /// <summary>The body of a purge: <c>{"instancesDeleted": n}</c>.</summary>
    public sealed record PurgeResult(int InstancesDeleted);

    public static async Task<IResult> PurgeOneAsync(string instanceId, DurableClient client, CancellationToken cancellationToken)
    {
        InstanceIds.ValidateExisting(instanceId);
        var instance = await client.GetInstanceAsync(instanceId, false, cancellationToken)
            ?? throw new ApiException(StatusCodes.Status404NotFound, $"No instance '{instanceId}' exists.");
        if (!instance.Status.IsTerminal())
        {
            throw new ApiException(StatusCodes.Status412PreconditionFailed,
                $"Only orchestrations in a terminal state can be purged, but the orchestration with instance ID {instanceId} has status {instance.Status}.");
        }

        bool deleted;
        try
        {
            deleted = await client.PurgeInstanceAsync(instanceId, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // Restarted between the check and the purge.
            throw new ApiException(StatusCodes.Status412PreconditionFailed, ex.Message);
        }

        return deleted
            ? TypedResults.Ok(new PurgeResult(1))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No instance '{instanceId}' exists.");
    }

    public static async Task<IResult> PurgeManyAsync(HttpRequest request, DurableClient client, CancellationToken cancellationToken)
    {
        var from = QueryParameters.GetTime(request.Query, "createdTimeFrom")
            ?? throw ApiException.BadRequest("Please provide value for 'createdTimeFrom' parameter.");
        var to = QueryParameters.GetTime(request.Query, "createdTimeTo") ?? DateTime.UtcNow;
        var statuses = QueryParameters.GetStatuses(request.Query, "runtimeStatus");
        if (statuses?.FirstOrDefault(s => !s.IsTerminal()) is { } running && statuses.Any(s => !s.IsTerminal()))
        {
            throw ApiException.BadRequest($"The query parameter 'runtimeStatus' has {running}; only finished instances (Completed, Failed, Terminated) can be purged.");
        }

        var deleted = statuses is { Count: 0 } ? 0 : await client.PurgeInstancesAsync(new PurgeFilter(from, to, statuses), cancellationToken);
        return deleted == 0
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No finished instance matches the filter.")
            : TypedResults.Ok(new PurgeResult(deleted));
    }
}
