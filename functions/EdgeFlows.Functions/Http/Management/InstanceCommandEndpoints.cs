// Raise event, terminate, suspend, resume, restart and rewind, with Durable Functions'
// status codes: 202 accepted, 404 no such instance, 410 the instance has finished.
using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using Microsoft.Net.Http.Headers;

namespace EdgeFlows.Functions.Http.Management;

/// <summary>The POST operations on one instance.</summary>
internal static class InstanceCommandEndpoints
{
    /// <summary>Longest <c>reason</c> kept; it goes into the history.</summary>
    public const int MaxReasonLength = 1000;

    public static async Task<IResult> RaiseEventAsync(string instanceId, string eventName, HttpRequest request, DurableClient client, CancellationToken cancellationToken)
    {
        InstanceIds.ValidateExisting(instanceId);
        await RequireUnfinishedAsync(client, instanceId, cancellationToken);
        if (request.ContentLength != 0 && !IsJson(request.ContentType))
        {
            throw ApiException.BadRequest("Only application/json request content is supported.");
        }

        var data = await JsonBody.ReadOptionalAsync(request, cancellationToken);
        await SendAsync(() => client.RaiseEventAsync(instanceId, eventName, data, cancellationToken));
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<IResult> TerminateAsync(string instanceId, HttpRequest request, DurableClient client, CancellationToken cancellationToken)
    {
        var reason = await PrepareAsync(instanceId, request, client, cancellationToken);
        await SendAsync(() => client.TerminateInstanceAsync(instanceId, reason, cancellationToken));
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<IResult> SuspendAsync(string instanceId, HttpRequest request, DurableClient client, CancellationToken cancellationToken)
    {
        var reason = await PrepareAsync(instanceId, request, client, cancellationToken);
        await SendAsync(() => client.SuspendInstanceAsync(instanceId, reason, cancellationToken));
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<IResult> ResumeAsync(string instanceId, HttpRequest request, DurableClient client, CancellationToken cancellationToken)
    {
        var reason = await PrepareAsync(instanceId, request, client, cancellationToken);
        await SendAsync(() => client.ResumeInstanceAsync(instanceId, reason, cancellationToken));
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>Restarts with the original input; a new id unless <c>restartWithNewInstanceId=false</c> (which needs a finished instance).</summary>
    public static async Task<IResult> RestartAsync(string instanceId, HttpRequest request, DurableClient client, CancellationToken cancellationToken)
    {
        InstanceIds.ValidateExisting(instanceId);
        var newId = QueryParameters.GetBool(request.Query, "restartWithNewInstanceId", true);
        string restarted;
        try
        {
            restarted = await client.RestartInstanceAsync(instanceId, newId, cancellationToken);
        }
        catch (OrchestrationNotFoundException)
        {
            // Durable Functions answers an unknown id here with 400, not 404.
            throw ApiException.BadRequest($"The instance id '{instanceId}' does not match a valid orchestration instance.");
        }

        return ManagementPayload.For(request, restarted).ToAcceptedResult(request.HttpContext.Response);
    }

    /// <summary>Rewind is not in the EdgeFlows runtime: 501 for a failed instance, after Durable Functions' own checks.</summary>
    public static async Task<IResult> RewindAsync(string instanceId, DurableClient client, CancellationToken cancellationToken)
    {
        InstanceIds.ValidateExisting(instanceId);
        var instance = await client.GetInstanceAsync(instanceId, false, cancellationToken)
            ?? throw new ApiException(StatusCodes.Status404NotFound, $"No instance '{instanceId}' exists.");
        if (instance.Status != OrchestrationRuntimeStatus.Failed)
        {
            throw new ApiException(StatusCodes.Status412PreconditionFailed, $"The instance has status {instance.Status}; only failed instances can be rewound.");
        }

        throw new ApiException(StatusCodes.Status501NotImplemented, "Rewind is not supported by the EdgeFlows runtime; restart the instance instead.");
    }

    private static async Task<string?> PrepareAsync(string instanceId, HttpRequest request, DurableClient client, CancellationToken cancellationToken)
    {
        InstanceIds.ValidateExisting(instanceId);
        var reason = QueryParameters.GetString(request.Query, "reason", MaxReasonLength);
        await RequireUnfinishedAsync(client, instanceId, cancellationToken);
        return reason;
    }

    private static async Task RequireUnfinishedAsync(DurableClient client, string instanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, false, cancellationToken)
            ?? throw new ApiException(StatusCodes.Status404NotFound, $"No instance '{instanceId}' exists.");
        if (instance.Status.IsTerminal())
        {
            throw Gone(instance.Status);
        }
    }

    // The instance may finish between the check and the send; the store then refuses it.
    private static async Task SendAsync(Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (OrchestrationNotFoundException ex)
        {
            throw new ApiException(StatusCodes.Status404NotFound, ex.Message);
        }
        catch (InvalidOperationException)
        {
            throw Gone(null);
        }
    }

    private static ApiException Gone(OrchestrationRuntimeStatus? status) =>
        new(StatusCodes.Status410Gone, status is null ? "The instance has finished." : $"The instance has finished ({status}).");

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
