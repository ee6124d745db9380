using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Stores;
using System.Text.Json.Nodes;

namespace EdgeFlows.Functions.Http.Management;

/// <summary><c>GET /instances/{instanceId}</c> and <c>GET /instances</c>.</summary>
internal static class InstanceStatusEndpoints
{
    /// <summary>The paging header of Durable Functions' list API, in both directions.</summary>
    public const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>Default and largest page of <c>GET /instances</c> (<c>top</c>).</summary>
    public const int DefaultPageSize = 100;

    /// <inheritdoc cref="DefaultPageSize"/>
    public const int MaxPageSize = 1000;

    /// <summary>The status, with <c>showHistory</c>, <c>showHistoryOutput</c>, <c>showInput</c> (default true) and <c>returnInternalServerErrorOnFailure</c>.</summary>
    public static async Task<IResult> GetAsync(string instanceId, HttpRequest request, DurableClient client, CancellationToken cancellationToken)
    {
        InstanceIds.ValidateExisting(instanceId);
        var showHistory = QueryParameters.GetBool(request.Query, "showHistory", false);
        var showHistoryOutput = QueryParameters.GetBool(request.Query, "showHistoryOutput", false);
        var showInput = QueryParameters.GetBool(request.Query, "showInput", true);
        var returnInternalServerErrorOnFailure = QueryParameters.GetBool(request.Query, "returnInternalServerErrorOnFailure", false);
        return await StatusResultAsync(instanceId, request, client, showHistory, showHistoryOutput, showInput, returnInternalServerErrorOnFailure, cancellationToken)
            ?? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No instance '{instanceId}' exists.");
    }

    /// <summary>
    /// The Durable Functions status response (202 with Location and Retry-After: 5 while it
    /// runs; 200, or 500 for a failure when asked, once it has finished), or null when the
    /// instance does not exist or <paramref name="accept"/> refuses it.
    /// </summary>
    public static async Task<IResult?> StatusResultAsync(
        string instanceId,
        HttpRequest request,
        DurableClient client,
        bool showHistory,
        bool showHistoryOutput,
        bool showInput,
        bool returnInternalServerErrorOnFailure,
        CancellationToken cancellationToken,
        Func<OrchestrationInstance, bool>? accept = null)
    {
        var instance = await client.GetInstanceAsync(instanceId, true, cancellationToken);
        if (instance is null || (accept is not null && !accept(instance)))
        {
            return null;
        }

        var history = showHistory ? await client.GetHistoryAsync(instanceId, cancellationToken) : null;
        var status = InstanceStatusJson.HttpStatusFor(instance.Status, returnInternalServerErrorOnFailure);
        if (status == StatusCodes.Status202Accepted)
        {
            request.HttpContext.Response.Headers.Location = $"{ManagementPayload.BaseUrl(request)}{request.Path}{request.QueryString}";
            request.HttpContext.Response.Headers.RetryAfter = "5";
        }

        return TypedResults.Json(InstanceStatusJson.From(instance, showInput, history, showHistoryOutput), statusCode: status);
    }

    /// <summary>One page of instances; the next page's token in <see cref="ContinuationHeader"/>, absent on the last page.</summary>
    public static async Task<IResult> ListAsync(HttpRequest request, DurableClient client, CancellationToken cancellationToken)
    {
        var statuses = QueryParameters.GetStatuses(request.Query, "runtimeStatus");
        var query = new InstanceQuery(
            Statuses: statuses,
            InstanceIdPrefix: QueryParameters.GetString(request.Query, "instanceIdPrefix", Durable.Client.DurableClient.MaxInstanceIdLength),
            CreatedFrom: QueryParameters.GetTime(request.Query, "createdTimeFrom"),
            CreatedTo: QueryParameters.GetTime(request.Query, "createdTimeTo"),
            PageSize: QueryParameters.GetInt(request.Query, "top", 1, MaxPageSize) ?? DefaultPageSize,
            ContinuationToken: ContinuationToken(request),
            IncludePayloads: true);
        var showInput = QueryParameters.GetBool(request.Query, "showInput", true);
        if (statuses is { Count: 0 })
        {
            // Only "Canceled" was asked for, which no EdgeFlows instance ever has.
            return TypedResults.Json(new JsonArray());
        }

        InstancePage page;
        try
        {
            page = await client.QueryInstancesAsync(query, cancellationToken);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw ApiException.BadRequest($"The {ContinuationHeader} header is not a token this API returned.");
        }

        if (page.ContinuationToken is not null)
        {
            request.HttpContext.Response.Headers[ContinuationHeader] = page.ContinuationToken;
        }

        return TypedResults.Json(new JsonArray([.. page.Items.Select(i => InstanceStatusJson.From(i, showInput))]));
    }

    private static string? ContinuationToken(HttpRequest request)
    {
        var token = request.Headers[ContinuationHeader].ToString();
        return string.IsNullOrEmpty(token) || token == "null" ? null : token;
    }
}
