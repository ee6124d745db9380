using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeFlows.Functions.Tests.Infrastructure;

namespace EdgeFlows.Functions.Tests.Http;

/// <summary>
/// A client written for Durable Functions' HTTP API: it knows only the start URL and the
/// key, and follows the links of the 202 response, as the Durable Functions samples do.
/// </summary>
public sealed class DurableFunctionsClientFlowTests
{
    [Fact]
    public async Task StartPollPurge_WithCodeQuery_FollowsTheLinksToTheEnd()
    {
        await using var app = await AppTestHost.StartAsync(TestOrchestrations.Register);
        using var http = new HttpClient();

        using var start = await http.PostAsJsonAsync(new Uri(app.BaseUri, $"runtime/webhooks/durabletask/orchestrators/Hello?code={AppTestHost.HostKey}"), "Nairobi");
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var links = await start.Content.ReadFromJsonAsync<JsonElement>();

        var status = await PollUntilDoneAsync(http, start.Headers.Location!);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Hello Nairobi!", status.GetProperty("output").GetString());

        using var purge = await http.DeleteAsync(new Uri(links.GetProperty("purgeHistoryDeleteUri").GetString()!));
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        using var gone = await http.GetAsync(new Uri(links.GetProperty("statusQueryGetUri").GetString()!));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task RaiseEventThroughSendEventLink_WaitingOrchestration_Completes()
    {
        await using var app = await AppTestHost.StartAsync(TestOrchestrations.Register);
        using var http = new HttpClient();
        using var start = await http.PostAsync(new Uri(app.BaseUri, $"runtime/webhooks/durabletask/orchestrators/WaitForApproval?code={AppTestHost.HostKey}"), null);
        var links = await start.Content.ReadFromJsonAsync<JsonElement>();

        var send = links.GetProperty("sendEventPostUri").GetString()!.Replace("{eventName}", "approval", StringComparison.Ordinal);
        using var raised = await http.PostAsJsonAsync(new Uri(send), new { by = "kim" });
        var status = await PollUntilDoneAsync(http, new Uri(links.GetProperty("statusQueryGetUri").GetString()!));

        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        Assert.Equal("approved by kim", status.GetProperty("output").GetString());
    }

    [Fact]
    public async Task RetrainStart_WithFunctionKeyInCode_PollsTheRunStatusLinkToTheEnd()
    {
        await using var app = await AppTestHost.StartAsync(TestOrchestrations.Register);
        using var http = new HttpClient();

        using var start = await http.PostAsync(new Uri(app.BaseUri, $"api/retrain/sales?code={AppTestHost.DefaultFunctionKey}"), null);
        var status = await PollUntilDoneAsync(http, start.Headers.Location!);

        Assert.Equal("trained sales", status.GetProperty("output").GetString());
    }

    // Polls as Durable Functions clients do: while 202, wait and ask again.
    private static async Task<JsonElement> PollUntilDoneAsync(HttpClient http, Uri statusUri)
    {
        var deadline = DateTime.UtcNow + Eventually.DefaultTimeout;
        while (true)
        {
            using var response = await http.GetAsync(statusUri);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "the orchestration did not finish in time");
            await Task.Delay(20);
        }
    }
}
