using System.Net;
using System.Text.Json;
using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Functions.Tests.Infrastructure;
using EdgeFlows.Functions.Tests.Pipeline.Activities;
using EdgeFlows.Tests.Shared;

namespace EdgeFlows.Functions.Tests.Pipeline.EndToEnd;

/// <summary>
/// A whole run through the real app (HTTP start, ssh training, a registry with a password, a
/// signed webhook), then a search for every secret it handled in every log line, history event,
/// instance field and API response.
/// </summary>
public sealed class SecretsTests
{
    [Theory]
    [InlineData(Runner.Ssh)]
    [InlineData(Runner.SshManaged)] // the private key is read into this process then
    public async Task Pipeline_Run_LeavesNoSecretInLogsHistoryStatusOrApiResponses(Runner runner)
    {
        await using var environment = await PipelineEnvironment.CreateAsync(runner);
        environment.Settings["EdgeFlows:Image:Registry"] = Registry.BasicAuth;
        environment.Settings["EdgeFlows:Image:Username"] = Registry.User;
        environment.Settings["EdgeFlows:Image:Password"] = Registry.Password;
        await environment.UploadDatasetAsync(marker: false);
        await using var app = await AppTestHost.StartAsync(settings: environment.Settings);

        var started = await app.PostJsonAsync($"/api/retrain/{PipelineEnvironment.Dataset}", new { reason = "secrets test" }, AppTestHost.RetrainKey);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var run = await app.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        Assert.True(run.Status == OrchestrationRuntimeStatus.Completed, $"{run.Status}: {run.Failure} {run.CustomStatus}");

        var seen = new List<(string Where, string Text)>();
        foreach (var path in new[]
        {
            $"/runtime/webhooks/durabletask/instances/{id}?showHistory=true&showHistoryOutput=true&showInput=true",
            $"/api/runs/{id}?showHistory=true&showHistoryOutput=true&showInput=true",
            "/api/runs",
            $"/api/models/{PipelineEnvironment.Model}/versions/1",
            "/api/models",
        })
        {
            var response = await app.GetAsync(path);
            seen.Add(($"GET {path} ({(int)response.StatusCode})", await response.Content.ReadAsStringAsync()));
        }

        await foreach (var instance in app.Client.GetAllInstancesAsync(new InstanceQuery(IncludePayloads: true)))
        {
            seen.Add(($"instance {instance.InstanceId}", JsonSerializer.Serialize(instance, DataConverter.PayloadOptions)));
            foreach (var e in await app.Client.GetHistoryAsync(instance.InstanceId))
            {
                seen.Add(($"history of {instance.InstanceId}: {e.EventType}", JsonSerializer.Serialize(e, e.GetType(), DataConverter.PayloadOptions)));
            }
        }

        seen.AddRange(app.Logs.Lines.Select(l => ("log", l)));

        var secrets = Secrets(environment);
        Assert.Contains(secrets, s => s.What == "SAS signature"); // the job did read through SAS URLs
        var leaks = (from s in secrets from place in seen where place.Text.Contains(s.Value, StringComparison.Ordinal) select $"{s.What} in {place.Where}").Distinct().ToList();
        Assert.True(leaks.Count == 0, "Secrets leaked:\n" + string.Join('\n', leaks));
        Assert.Contains(seen, place => place.Where.StartsWith("GET /runtime/", StringComparison.Ordinal) && place.Where.EndsWith("(200)", StringComparison.Ordinal)
            && place.Text.Contains("\"customStatus\"", StringComparison.Ordinal) && place.Text.Contains("\"historyEvents\"", StringComparison.Ordinal));
    }

    private static List<(string What, string Value)> Secrets(PipelineEnvironment environment)
    {
        var secrets = new List<(string, string)>
        {
            ("storage account key", Azurite.AccountKey),
            ("webhook secret", WebhookInbox.TestSecret),
            ("webhook key", WebhookInbox.TestSecret["whsec_".Length..]),
            ("registry password", Registry.Password),
        };
        secrets.AddRange(File.ReadLines(Sshd.KeyFile).Where(l => l.Length >= 16 && !l.StartsWith("-----", StringComparison.Ordinal)).Select(l => ("ssh private key", l.Trim())));
        foreach (var request in environment.Storage.Requests.Where(r => r.HasSignature))
        {
            var signature = request.Query.TrimStart('?').Split('&').First(p => p.StartsWith("sig=", StringComparison.Ordinal))["sig=".Length..];
            secrets.Add(("SAS signature", signature));
            secrets.Add(("SAS signature", Uri.UnescapeDataString(signature)));
        }

        return secrets;
    }
}
