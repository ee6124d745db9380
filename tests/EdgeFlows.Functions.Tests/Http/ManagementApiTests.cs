using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Tests.Infrastructure;

namespace EdgeFlows.Functions.Tests.Http;

/// <summary>Starting instances, their status, and listing them.</summary>
public sealed class ManagementApiTests : IAsyncLifetime
{
    private const string Base = "runtime/webhooks/durabletask";
    private AppTestHost _app = null!;

    public async Task InitializeAsync() => _app = await AppTestHost.StartAsync(TestOrchestrations.Register);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task StartOrchestration_WithInput_Returns202WithLocationAndLinks()
    {
        using var response = await _app.PostJsonAsync($"{Base}/orchestrators/Hello", "Tokyo");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        var instance = $"{_app.BaseUri}{Base}/instances/{id}";
        Assert.Equal(instance, body.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal(instance, response.Headers.Location!.ToString());
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter!.Delta);
        Assert.Equal($"{instance}/raiseEvent/{{eventName}}", body.GetProperty("sendEventPostUri").GetString());
        Assert.Equal($"{instance}/terminate?reason={{text}}", body.GetProperty("terminatePostUri").GetString());
        Assert.Equal(instance, body.GetProperty("purgeHistoryDeleteUri").GetString());
        Assert.Equal($"{instance}/restart", body.GetProperty("restartPostUri").GetString());
        Assert.Equal($"{instance}/suspend?reason={{text}}", body.GetProperty("suspendPostUri").GetString());
        Assert.Equal($"{instance}/resume?reason={{text}}", body.GetProperty("resumePostUri").GetString());
        Assert.Equal("Hello Tokyo!", (await _app.Client.WaitForInstanceCompletionAsync(id)).Output?.Trim('"'));
    }

    [Fact]
    public async Task StartOrchestration_WithInstanceId_UsesIt()
    {
        using var response = await _app.PostJsonAsync($"{Base}/orchestrators/Hello/my-id-1", "Oslo");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("my-id-1", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task StartOrchestration_ExistingRunningId_Returns409()
    {
        using var first = await _app.PostJsonAsync($"{Base}/orchestrators/WaitForApproval/dup-1", null);
        using var second = await _app.PostJsonAsync($"{Base}/orchestrators/WaitForApproval/dup-1", null);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task StartOrchestration_IdOver100Characters_Returns400WithReason()
    {
        using var response = await _app.PostJsonAsync($"{Base}/orchestrators/Hello/{new string('a', 101)}", "x");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "at most 100");
    }

    [Fact]
    public async Task StartOrchestration_IdWithForbiddenCharacter_Returns400WithReason()
    {
        using var response = await _app.PostJsonAsync($"{Base}/orchestrators/Hello/a%23b", "x");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "must not contain");
    }

    [Fact]
    public async Task StartOrchestration_UnknownOrchestrator_Returns400NamingIt()
    {
        using var response = await _app.PostJsonAsync($"{Base}/orchestrators/NoSuchThing", "x");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "NoSuchThing");
    }

    [Fact]
    public async Task StartOrchestration_MalformedJson_Returns400WithReason()
    {
        using var response = await _app.SendAsync(HttpMethod.Post, $"{Base}/orchestrators/Hello", content: new StringContent("{\"a\": ", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "not valid JSON");
    }

    [Fact]
    public async Task StartOrchestration_WithTimeoutAndPollingInterval_Returns200WithOutput()
    {
        using var response = await _app.PostJsonAsync($"{Base}/orchestrators/Hello?timeout=30&pollingInterval=0.05", "Lima");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello Lima!", await response.Content.ReadFromJsonAsync<string>());
    }

    [Fact]
    public async Task GetInstance_Running_Returns202WithStatusFields()
    {
        var id = await StartAsync("WaitForApproval", "req-7");
        await Eventually.TrueAsync(async () => (await _app.Client.GetInstanceAsync(id))?.Status == OrchestrationRuntimeStatus.Running, "running");

        using var response = await _app.GetAsync($"{Base}/instances/{id}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter!.Delta);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("WaitForApproval", status.GetProperty("name").GetString());
        Assert.Equal(id, status.GetProperty("instanceId").GetString());
        Assert.Equal("Running", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("req-7", status.GetProperty("input").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("output").ValueKind);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", status.GetProperty("createdTime").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", status.GetProperty("lastUpdatedTime").GetString());
        Assert.False(status.TryGetProperty("historyEvents", out _));
    }

    [Fact]
    public async Task GetInstance_Completed_Returns200WithOutput()
    {
        var id = await StartAsync("Hello", "Rome");
        await _app.Client.WaitForInstanceCompletionAsync(id);

        using var response = await _app.GetAsync($"{Base}/instances/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Hello Rome!", status.GetProperty("output").GetString());
    }

    [Fact]
    public async Task GetInstance_Unknown_Returns404()
    {
        using var response = await _app.GetAsync($"{Base}/instances/nobody-here");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "nobody-here");
    }

    [Fact]
    public async Task GetInstance_ShowHistory_ListsActivityWithNameAndResult()
    {
        var id = await StartAsync("Hello", "Kyiv");
        await _app.Client.WaitForInstanceCompletionAsync(id);

        using var response = await _app.GetAsync($"{Base}/instances/{id}?showHistory=true&showHistoryOutput=true");

        var events = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal(["ExecutionStarted", "TaskCompleted", "ExecutionCompleted"], events.Select(e => e.GetProperty("EventType").GetString()));
        Assert.Equal("SayHello", events[1].GetProperty("FunctionName").GetString());
        Assert.Equal("Hello Kyiv!", events[1].GetProperty("Result").GetString());
        Assert.True(events[1].TryGetProperty("ScheduledTime", out _));
        Assert.Equal("Completed", events[2].GetProperty("OrchestrationStatus").GetString());
    }

    [Fact]
    public async Task GetInstance_ShowHistoryWithoutOutput_LeavesResultsOut()
    {
        var id = await StartAsync("Hello", "Kyiv");
        await _app.Client.WaitForInstanceCompletionAsync(id);

        using var response = await _app.GetAsync($"{Base}/instances/{id}?showHistory=true");

        var events = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.False(events[1].TryGetProperty("Result", out _));
    }

    [Fact]
    public async Task GetInstance_ShowInputFalse_LeavesInputOut()
    {
        var id = await StartAsync("Hello", "Bern");

        using var response = await _app.GetAsync($"{Base}/instances/{id}?showInput=false");

        Assert.Equal(JsonValueKind.Null, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("input").ValueKind);
    }

    [Fact]
    public async Task GetInstance_BadBoolean_Returns400NamingParameter()
    {
        using var response = await _app.GetAsync($"{Base}/instances/x?showHistory=yes");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "showHistory");
    }

    [Fact]
    public async Task GetInstance_Failed_Returns200WithErrorAsOutput()
    {
        var id = await StartAsync("Fails", null);
        await _app.Client.WaitForInstanceCompletionAsync(id);

        using var response = await _app.GetAsync($"{Base}/instances/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        Assert.Contains("the data set is empty", status.GetProperty("output").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetInstance_FailedWithReturnInternalServerErrorOnFailure_Returns500()
    {
        var id = await StartAsync("Fails", null);
        await _app.Client.WaitForInstanceCompletionAsync(id);

        using var response = await _app.GetAsync($"{Base}/instances/{id}?returnInternalServerErrorOnFailure=true");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Failed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task ListInstances_PagedWithTop_FollowsContinuationHeaderThroughEveryInstance()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await StartAsync("Hello", $"p{i}", $"page-{i}"));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            using var request = AppTestHost.Request(HttpMethod.Get, $"{Base}/instances?top=2&instanceIdPrefix=page-", AppTestHost.HostKey);
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            using var response = await _app.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
            Assert.True(page.Count <= 2);
            seen.AddRange(page.Select(p => p.GetProperty("instanceId").GetString()!));
            token = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(ids.Order(), seen.Order());
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListInstances_RuntimeStatusFilter_ReturnsOnlyThoseStatuses()
    {
        var done = await StartAsync("Hello", "a", "filter-done");
        var waiting = await StartAsync("WaitForApproval", null, "filter-waiting");
        await _app.Client.WaitForInstanceCompletionAsync(done);
        await Eventually.TrueAsync(async () => (await _app.Client.GetInstanceAsync(waiting))?.Status == OrchestrationRuntimeStatus.Running, "running");

        using var response = await _app.GetAsync($"{Base}/instances?instanceIdPrefix=filter-&runtimeStatus=Running,Pending");

        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(e => e.GetProperty("instanceId").GetString());
        Assert.Equal([waiting], ids);
    }

    [Fact]
    public async Task ListInstances_CreatedTimeWindow_ExcludesInstancesOutsideIt()
    {
        await StartAsync("Hello", "a", "window-1");

        using var response = await _app.GetAsync($"{Base}/instances?instanceIdPrefix=window-&createdTimeTo=2000-01-01T00:00:00Z");

        Assert.Empty((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
    }

    [Fact]
    public async Task ListInstances_UnknownStatus_Returns400ListingValidOnes()
    {
        using var response = await _app.GetAsync($"{Base}/instances?runtimeStatus=Sleeping");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Completed");
    }

    [Fact]
    public async Task ListInstances_BadContinuationToken_Returns400()
    {
        using var request = AppTestHost.Request(HttpMethod.Get, $"{Base}/instances", AppTestHost.HostKey);
        request.Headers.Add("x-ms-continuation-token", "not-a-token");

        using var response = await _app.Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "x-ms-continuation-token");
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Contains(detailContains, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<string> StartAsync(string orchestrator, string? input, string? instanceId = null) =>
        await _app.Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new Durable.Client.StartOrchestrationOptions(instanceId));
}
