// Durable Functions' HTTP management API, at the same paths, over DurableClient: a client
// written for Durable Functions (scripts, dashboards, SDK helpers following the 202 links)
// works against EdgeFlows unchanged. Only the host key opens it. docs/http-api.md lists
// every endpoint with its status codes; docs/durable-functions.md the differences.
using EdgeFlows.Functions.Http.Keys;

namespace EdgeFlows.Functions.Http.Management;

/// <summary>Maps the management API under <see cref="BasePath"/>.</summary>
public static class ManagementApi
{
    /// <summary>Where Durable Functions serves it (Functions v2 and later).</summary>
    public const string BasePath = "/runtime/webhooks/durabletask";

    private const string Tag = "Durable Functions management API";

    /// <summary>Maps every management endpoint, each needing the host key.</summary>
    public static IEndpointRouteBuilder MapDurableTaskManagementApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(BasePath).RequireHostKey().WithTags(Tag);

        api.MapPost("/orchestrators/{name}/{instanceId?}", StartOrchestrationEndpoint.StartAsync)
            .WithName("StartOrchestration")
            .WithSummary("Starts an orchestration; 202 with Location and the management links (or the result, with timeout and pollingInterval).")
            .Produces<ManagementPayload>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/instances", InstanceStatusEndpoints.ListAsync)
            .WithName("ListInstances")
            .WithSummary("Instances matching runtimeStatus, createdTimeFrom, createdTimeTo, instanceIdPrefix; top per page, x-ms-continuation-token for the next.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/instances/{instanceId}", InstanceStatusEndpoints.GetAsync)
            .WithName("GetInstance")
            .WithSummary("An instance's status: 202 while it runs, 200 when finished (500 for a failure with returnInternalServerErrorOnFailure), 404 if unknown.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status202Accepted, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/instances/{instanceId}", PurgeEndpoints.PurgeOneAsync)
            .WithName("PurgeInstance")
            .WithSummary("Deletes a finished instance and its history: 200 with instancesDeleted, 404 if unknown, 412 if it has not finished.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        api.MapDelete("/instances", PurgeEndpoints.PurgeManyAsync)
            .WithName("PurgeInstances")
            .WithSummary("Deletes finished instances created from createdTimeFrom (required) to createdTimeTo, optionally of runtimeStatus: 200 with instancesDeleted, 404 when none.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", InstanceCommandEndpoints.RaiseEventAsync)
            .WithName("RaiseEvent")
            .WithSummary("Sends an event (JSON body) to a running instance: 202, 404 if unknown, 410 if finished, 400 for a body that is not application/json.");

        api.MapPost("/instances/{instanceId}/terminate", InstanceCommandEndpoints.TerminateAsync)
            .WithName("TerminateInstance")
            .WithSummary("Terminates a running instance (reason in the query): 202, 404, 410.");

        api.MapPost("/instances/{instanceId}/suspend", InstanceCommandEndpoints.SuspendAsync)
            .WithName("SuspendInstance")
            .WithSummary("Suspends a running instance: 202, 404, 410.");

        api.MapPost("/instances/{instanceId}/resume", InstanceCommandEndpoints.ResumeAsync)
            .WithName("ResumeInstance")
            .WithSummary("Resumes a suspended instance: 202, 404, 410.");

        api.MapPost("/instances/{instanceId}/restart", InstanceCommandEndpoints.RestartAsync)
            .WithName("RestartInstance")
            .WithSummary("Starts the instance again with its input (restartWithNewInstanceId, default true): 202 with the new instance's links.")
            .Produces<ManagementPayload>(StatusCodes.Status202Accepted);

        api.MapPost("/instances/{instanceId}/rewind", InstanceCommandEndpoints.RewindAsync)
            .WithName("RewindInstance")
            .WithSummary("Not supported by the EdgeFlows runtime: 501 for a failed instance (404 unknown, 412 not failed).");

        return endpoints;
    }
}
