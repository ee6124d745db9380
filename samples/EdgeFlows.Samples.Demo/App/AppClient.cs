// The app's HTTP API as the demo uses it: readiness, the runs of a dataset, one run's status
// (Durable Functions' management API) and the model registry. The host key goes in the
// x-functions-key header; each request has its own timeout, and waits poll with a deadline.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EdgeFlows.Samples.Demo.App;

/// <summary>A small client of the EdgeFlows app.</summary>
public sealed class AppClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    /// <summary>Calls the app at <paramref name="baseAddress"/> with the host key.</summary>
    public AppClient(Uri baseAddress, string hostKey)
    {
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = RequestTimeout,
        };
        _http.DefaultRequestHeaders.Add("x-functions-key", hostKey);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>Waits until <c>/readyz</c> answers 200 (store and storage reachable).</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>; the message holds the last answer.</exception>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var last = "no answer";
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri("readyz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new TimeoutException($"The app was not ready within {timeout.TotalSeconds:0} s (last answer: {last}).");
    }

    /// <summary>The ids of the dataset's Retrain runs (first page, newest first).</summary>
    public async Task<IReadOnlySet<string>> RunIdsAsync(string dataset, CancellationToken cancellationToken)
    {
        var page = await GetJsonAsync<RunPage>($"api/runs?dataset={Uri.EscapeDataString(dataset)}&pageSize=100", cancellationToken);
        return page.Items.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Waits for a Retrain run of the dataset whose id is not in <paramref name="known"/>.</summary>
    /// <exception cref="TimeoutException">None appeared within <paramref name="timeout"/>.</exception>
    public async Task<RunItem> WaitForNewRunAsync(string dataset, IReadOnlySet<string> known, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var page = await GetJsonAsync<RunPage>($"api/runs?dataset={Uri.EscapeDataString(dataset)}&pageSize=100", cancellationToken);
            if (page.Items.FirstOrDefault(r => !known.Contains(r.Id)) is { } run)
            {
                return run;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new TimeoutException($"No Retrain run of dataset '{dataset}' started within {timeout.TotalSeconds:0} s of the upload.");
    }

    /// <summary>A run's status from the management API (<c>GET /runtime/webhooks/durabletask/instances/{id}</c>).</summary>
    public Task<RunStatus> GetRunAsync(string instanceId, CancellationToken cancellationToken) =>
        GetJsonAsync<RunStatus>($"runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(instanceId)}", cancellationToken);

    /// <summary>The versions of a model in the registry, newest first.</summary>
    public async Task<IReadOnlyList<ModelVersionItem>> ModelVersionsAsync(string name, CancellationToken cancellationToken) =>
        (await GetJsonAsync<ModelPage>($"api/models?name={Uri.EscapeDataString(name)}&pageSize=100", cancellationToken)).Items;

    private async Task<T> GetJsonAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"GET /{path.Split('?')[0]} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}",
                null,
                response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new HttpRequestException($"GET /{path.Split('?')[0]} answered null.");
    }
}
