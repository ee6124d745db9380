using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Tests.Infrastructure;

namespace EdgeFlows.Functions.Tests.Http;

public sealed class RunsApiTests : IAsyncLifetime
{
    private AppTestHost _app = null!;

    public async Task InitializeAsync() => _app = await AppTestHost.StartAsync(TestOrchestrations.Register);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task List_PagedByTwo_ReturnsEveryRunOnceNewestFirst()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await StartRunAsync("sales"));
        }

        await _app.Client.ScheduleNewOrchestrationInstanceAsync("Hello", "not a run");
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await GetPageAsync($"api/runs?pageSize=2{(token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token))}");
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(i => i.GetProperty("id").GetString()!));
            token = page.Token;
        }
        while (token is not null);

        Assert.Equal(ids.Order(), seen.Order());
    }

    [Fact]
    public async Task List_DatasetFilter_ReturnsOnlyThatDatasetsRunsAcrossPages()
    {
        var stock = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await StartRunAsync("sales");
            stock.Add(await StartRunAsync("stock"));
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await GetPageAsync($"api/runs?dataset=stock&pageSize=2{(token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token))}");
            Assert.All(page.Items, i => Assert.Equal("stock", i.GetProperty("dataset").GetString()));
            seen.AddRange(page.Items.Select(i => i.GetProperty("id").GetString()!));
            token = page.Token;
        }
        while (token is not null);

        Assert.Equal(stock.Order(), seen.Order());
    }

    [Fact]
    public async Task List_StatusFilter_ReturnsOnlyThoseStatuses()
    {
        var done = await StartRunAsync("sales");
        var waiting = await StartRunAsync("sales", "wait");
        await _app.Client.WaitForInstanceCompletionAsync(done);

        var page = await GetPageAsync("api/runs?status=Running,Pending");

        Assert.Equal([waiting], page.Items.Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task List_CompletedRun_ShowsTriggerOutputAndTimes()
    {
        var id = await StartRunAsync("sales");
        await _app.Client.WaitForInstanceCompletionAsync(id);

        var run = (await GetPageAsync("api/runs?status=Completed")).Items.Single();

        Assert.Equal("http", run.GetProperty("trigger").GetString());
        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal("trained sales", run.GetProperty("output").GetString());
        Assert.True(run.GetProperty("completedTime").GetDateTimeOffset() >= run.GetProperty("createdTime").GetDateTimeOffset());
    }

    [Fact]
    public async Task List_CreatedWindowInThePast_ReturnsNothing()
    {
        await StartRunAsync("sales");

        var page = await GetPageAsync("api/runs?createdTo=2001-01-01T00:00:00Z");

        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task List_BadPageSize_Returns400()
    {
        using var response = await _app.GetAsync("api/runs?pageSize=1000", AppTestHost.DefaultFunctionKey);

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "pageSize");
    }

    [Fact]
    public async Task List_BadContinuationToken_Returns400()
    {
        using var response = await _app.GetAsync("api/runs?continuationToken=bogus", AppTestHost.DefaultFunctionKey);

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "continuationToken");
    }

    [Fact]
    public async Task Get_RunningThenCompleted_Returns202Then200()
    {
        var id = await StartRunAsync("sales", "wait");
        await Eventually.TrueAsync(async () => (await _app.Client.GetInstanceAsync(id))?.Status == OrchestrationRuntimeStatus.Running, "running");

        using var running = await _app.GetAsync($"api/runs/{Uri.EscapeDataString(id)}", AppTestHost.DefaultFunctionKey);
        var runningBody = await running.Content.ReadFromJsonAsync<JsonElement>();
        await _app.Client.RaiseEventAsync(id, "go", "now");
        await _app.Client.WaitForInstanceCompletionAsync(id);
        using var done = await _app.GetAsync($"api/runs/{Uri.EscapeDataString(id)}", AppTestHost.DefaultFunctionKey);

        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal("waiting", runningBody.GetProperty("customStatus").GetProperty("phase").GetString());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("trained sales", (await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("output").GetString());
    }

    [Fact]
    public async Task Get_InstanceThatIsNotARun_Returns404()
    {
        var id = await _app.Client.ScheduleNewOrchestrationInstanceAsync("Hello", "x");

        using var response = await _app.GetAsync($"api/runs/{id}", AppTestHost.DefaultFunctionKey);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<string> StartRunAsync(string dataset, string? reason = null)
    {
        using var response = await _app.PostJsonAsync($"api/retrain/{dataset}", reason is null ? null : new { reason }, AppTestHost.RetrainKey);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<(IReadOnlyList<JsonElement> Items, string? Token)> GetPageAsync(string path)
    {
        using var response = await _app.GetAsync(path, AppTestHost.DefaultFunctionKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("continuationToken");
        return ([.. body.GetProperty("items").EnumerateArray()], token.ValueKind == JsonValueKind.Null ? null : token.GetString());
    }
}
