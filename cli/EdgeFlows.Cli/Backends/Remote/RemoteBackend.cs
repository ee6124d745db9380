// The CLI over the app's HTTP API: runs are started with POST /api/retrain/{dataset} and
// listed with GET /api/runs; one instance is read and managed through Durable Functions'
// management API under /runtime/webhooks/durabletask (which needs the host key); models come
// from /api/models. Every request has its own timeout. Redirects are not followed, so the key
// is never sent anywhere but the given URL.
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EdgeFlows.Activities.Models;
using EdgeFlows.Cli.Runs;

namespace EdgeFlows.Cli.Backends.Remote;

/// <summary>Runs and models through a running EdgeFlows app.</summary>
public sealed class RemoteBackend : IEdgeFlowsBackend
{
    /// <summary>The header the key travels in, as Azure Functions reads it.</summary>
    public const string KeyHeader = "x-functions-key";

    /// <summary>Where Durable Functions serves its management API.</summary>
    public const string ManagementPath = "runtime/webhooks/durabletask/";

    private const long MaxResponseBytes = 64L * 1024 * 1024;

    private readonly RemoteEndpoint _endpoint;
    private readonly HttpClient _http;

    /// <summary>Creates the backend; <paramref name="handler"/> is for tests that need another transport.</summary>
    public RemoteBackend(RemoteEndpoint endpoint, HttpMessageHandler? handler = null)
    {
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        handler ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = endpoint.RequestTimeout,
        };
        _http = new HttpClient(handler)
        {
            // Each request has its own deadline (SendAsync); this one only backs it up.
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxResponseBytes,
        };
    }

    /// <inheritdoc />
    public async Task<StartedRun> StartRetrainAsync(RetrainStart request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var what = $"the start of a retrain of '{request.Dataset}'";
        var body = request.Body();
        var headers = request.RequestId is null ? null : new Dictionary<string, string> { ["x-request-id"] = request.RequestId };
        var response = await SendAsync(HttpMethod.Post, $"api/retrain/{Escape(request.Dataset)}", body is null ? null : JsonContent(body), what, cancellationToken, headers);
        Require(response, what);
        var id = JsonFields.GetString(response.Json(what), "id")
            ?? throw new CliException(ExitCodes.Error, $"The app answered {what} without the instance id.");
        return new StartedRun(id, request.Dataset);
    }

    /// <inheritdoc />
    public async Task<RunStatus?> GetRunAsync(string instanceId, bool includeHistory, CancellationToken cancellationToken)
    {
        var what = $"the status of instance '{instanceId}'";
        var response = await SendAsync(HttpMethod.Get, $"{Instance(instanceId)}?showInput=true&showHistory={(includeHistory ? "true" : "false")}", null, what, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        // 202 while it runs, 200 once it has finished: both carry the status.
        Require(response, what);
        return RemoteJson.Status(response.Json(what));
    }

    /// <inheritdoc />
    public async Task<RunPage> ListRunsAsync(RunFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new QueryBuilder()
            .Add("pageSize", Math.Min(pageSize, RunListing.MaxPageSize).ToString(CultureInfo.InvariantCulture))
            .Add("status", filter.Statuses is null ? null : string.Join(',', filter.Statuses))
            .Add("dataset", filter.Dataset)
            .Add("continuationToken", continuationToken);
        const string what = "the list of runs";
        var response = await SendAsync(HttpMethod.Get, $"api/runs{query}", null, what, cancellationToken);
        Require(response, what);
        var page = response.Json(what);
        return new RunPage([.. RemoteJson.Items(page).Select(RemoteJson.Run)], JsonFields.GetString(page, "continuationToken"));
    }

    /// <inheritdoc />
    public async Task RaiseEventAsync(string instanceId, string eventName, JsonNode? data, CancellationToken cancellationToken)
    {
        var what = $"event '{eventName}' for instance '{instanceId}'";
        var content = data is null ? null : new StringContent(data.ToJsonString(), Encoding.UTF8, "application/json");
        Require(await SendAsync(HttpMethod.Post, $"{Instance(instanceId)}/raiseEvent/{Escape(eventName)}", content, what, cancellationToken), what);
    }

    /// <inheritdoc />
    public async Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken)
    {
        var what = $"the termination of instance '{instanceId}'";
        var query = new QueryBuilder().Add("reason", reason);
        Require(await SendAsync(HttpMethod.Post, $"{Instance(instanceId)}/terminate{query}", null, what, cancellationToken), what);
    }

    /// <inheritdoc />
    public async Task PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var what = $"the purge of instance '{instanceId}'";
        Require(await SendAsync(HttpMethod.Delete, Instance(instanceId), null, what, cancellationToken), what);
    }

    /// <inheritdoc />
    public async Task<int> PurgeManyAsync(PurgeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new QueryBuilder()
            .Add("createdTimeFrom", request.CreatedFrom.UtcDateTime.ToString("o", CultureInfo.InvariantCulture))
            .Add("createdTimeTo", request.CreatedTo?.UtcDateTime.ToString("o", CultureInfo.InvariantCulture))
            .Add("runtimeStatus", request.Statuses is null ? null : string.Join(',', request.Statuses));
        const string what = "the purge of finished instances";
        var response = await SendAsync(HttpMethod.Delete, $"{ManagementPath}instances{query}", null, what, cancellationToken);

        // Durable Functions answers 404 when nothing matched: for a bulk purge that is "none deleted".
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return 0;
        }

        Require(response, what);
        return (int)(JsonFields.GetNumber(response.Json(what), "instancesDeleted") ?? 0);
    }

    /// <inheritdoc />
    public async Task<ModelVersionPage> ListModelsAsync(ModelFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new QueryBuilder()
            .Add("name", filter.Name)
            .Add("stage", filter.Stage?.ToString())
            .Add("tag", filter.TagKey is null ? null : filter.TagValue is null ? filter.TagKey : $"{filter.TagKey}={filter.TagValue}")
            .Add("pageSize", pageSize.ToString(CultureInfo.InvariantCulture))
            .Add("continuationToken", continuationToken);
        const string what = "the list of models";
        var response = await SendAsync(HttpMethod.Get, $"api/models{query}", null, what, cancellationToken);
        Require(response, what);
        var page = response.Json(what);
        return new ModelVersionPage([.. RemoteJson.Items(page).Select(RemoteJson.Model)], JsonFields.GetString(page, "continuationToken"));
    }

    /// <inheritdoc />
    public async Task<ModelVersion?> GetModelAsync(string name, int version, CancellationToken cancellationToken)
    {
        var what = $"version {version} of model '{name}'";
        var response = await SendAsync(HttpMethod.Get, $"api/models/{Escape(name)}/versions/{version}", null, what, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Require(response, what);
        return RemoteJson.Model(response.Json(what));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Instance(string instanceId) => $"{ManagementPath}instances/{Escape(instanceId)}";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private void Require(RemoteResponse response, string what)
    {
        if (!response.IsSuccess)
        {
            throw response.ToException(_endpoint, what);
        }
    }

    private async Task<RemoteResponse> SendAsync(
        HttpMethod method, string path, HttpContent? content, string what, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_endpoint.RequestTimeout);
        using var request = new HttpRequestMessage(method, new Uri(_endpoint.BaseAddress, path)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_endpoint.Key is { } key)
        {
            request.Headers.TryAddWithoutValidation(KeyHeader, key);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            return new RemoteResponse(response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw CliException.Unavailable($"The app at {_endpoint} did not answer {what} within {_endpoint.RequestTimeout.TotalSeconds:0.#} s (--http-timeout).");
        }
        catch (HttpRequestException ex)
        {
            throw CliException.Unavailable($"Cannot reach the app at {_endpoint} for {what}: {ex.Message}", ex);
        }
    }
}
