using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Tests.Infrastructure;

namespace EdgeFlows.Functions.Tests.Http;

/// <summary>Raising events, terminate, suspend and resume, restart, rewind and purge.</summary>
public sealed class ManagementCommandTests : IAsyncLifetime
{
    private const string Base = "runtime/webhooks/durabletask";
    private AppTestHost _app = null!;

    public async Task InitializeAsync() => _app = await AppTestHost.StartAsync(TestOrchestrations.Register);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RaiseEvent_ToWaitingInstance_Returns202AndDeliversData()
    {
        var id = await StartAsync("WaitForApproval", null);

        using var response = await _app.PostJsonAsync($"{Base}/instances/{id}/raiseEvent/approval", new { by = "ana" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("\"approved by ana\"", (await _app.Client.WaitForInstanceCompletionAsync(id)).Output);
    }

    [Fact]
    public async Task RaiseEvent_ToFinishedInstance_Returns410()
    {
        var id = await StartAsync("Hello", "x");
        await _app.Client.WaitForInstanceCompletionAsync(id);

        using var response = await _app.PostJsonAsync($"{Base}/instances/{id}/raiseEvent/approval", new { by = "ana" });

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
    }

    [Fact]
    public async Task RaiseEvent_ToUnknownInstance_Returns404()
    {
        using var response = await _app.PostJsonAsync($"{Base}/instances/ghost/raiseEvent/approval", new { by = "ana" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RaiseEvent_NotJson_Returns400()
    {
        var id = await StartAsync("WaitForApproval", null);

        using var response = await _app.SendAsync(HttpMethod.Post, $"{Base}/instances/{id}/raiseEvent/approval", content: new StringContent("ana", Encoding.UTF8, "text/plain"));

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "application/json");
    }

    [Fact]
    public async Task Terminate_RunningInstance_Returns202AndTerminatesWithReason()
    {
        var id = await StartAsync("WaitForApproval", null);

        using var response = await _app.SendAsync(HttpMethod.Post, $"{Base}/instances/{id}/terminate?reason=not%20needed");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var instance = await _app.Client.WaitForInstanceCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, instance.Status);
    }

    [Fact]
    public async Task Terminate_FinishedInstance_Returns410()
    {
        var id = await StartAsync("Hello", "x");
        await _app.Client.WaitForInstanceCompletionAsync(id);

        using var response = await _app.SendAsync(HttpMethod.Post, $"{Base}/instances/{id}/terminate");

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
    }

    [Fact]
    public async Task SuspendThenResume_RunningInstance_ShowsSuspendedThenRunsOn()
    {
        var id = await StartAsync("WaitForApproval", null);
        await Eventually.TrueAsync(async () => (await _app.Client.GetInstanceAsync(id))?.Status == OrchestrationRuntimeStatus.Running, "running");

        using var suspend = await _app.SendAsync(HttpMethod.Post, $"{Base}/instances/{id}/suspend?reason=maintenance");
        await Eventually.TrueAsync(async () => (await _app.Client.GetInstanceAsync(id))?.Status == OrchestrationRuntimeStatus.Suspended, "suspended");
        using var status = await _app.GetAsync($"{Base}/instances/{id}");
        using var resume = await _app.SendAsync(HttpMethod.Post, $"{Base}/instances/{id}/resume");
        await _app.Client.RaiseEventAsync(id, "approval", new { by = "bo" });

        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, status.StatusCode);
        Assert.Equal("Suspended", (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await _app.Client.WaitForInstanceCompletionAsync(id)).Status);
    }

    [Fact]
    public async Task Restart_FinishedInstance_Returns202WithNewInstanceRunningSameInput()
    {
        var id = await StartAsync("Hello", "Quito");
        await _app.Client.WaitForInstanceCompletionAsync(id);

        using var response = await _app.SendAsync(HttpMethod.Post, $"{Base}/instances/{id}/restart");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var newId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.NotEqual(id, newId);
        Assert.Equal("\"Hello Quito!\"", (await _app.Client.WaitForInstanceCompletionAsync(newId)).Output);
    }

    [Fact]
    public async Task Restart_UnknownInstance_Returns400AsDurableFunctions()
    {
        using var response = await _app.SendAsync(HttpMethod.Post, $"{Base}/instances/ghost/restart");

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "ghost");
    }

    [Fact]
    public async Task Rewind_FailedInstance_Returns501()
    {
        var id = await StartAsync("Fails", null);
        await _app.Client.WaitForInstanceCompletionAsync(id);

        using var response = await _app.SendAsync(HttpMethod.Post, $"{Base}/instances/{id}/rewind");

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.NotImplemented, "restart");
    }

    [Fact]
    public async Task Purge_FinishedInstance_Returns200ThenStatusIs404()
    {
        var id = await StartAsync("Hello", "x");
        await _app.Client.WaitForInstanceCompletionAsync(id);

        using var purge = await _app.SendAsync(HttpMethod.Delete, $"{Base}/instances/{id}");
        using var status = await _app.GetAsync($"{Base}/instances/{id}");

        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(1, (await purge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task Purge_RunningInstance_Returns412()
    {
        var id = await StartAsync("WaitForApproval", null);

        using var response = await _app.SendAsync(HttpMethod.Delete, $"{Base}/instances/{id}");

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.PreconditionFailed, "terminal");
    }

    [Fact]
    public async Task Purge_UnknownInstance_Returns404()
    {
        using var response = await _app.SendAsync(HttpMethod.Delete, $"{Base}/instances/ghost");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PurgeMany_WithoutCreatedTimeFrom_Returns400()
    {
        using var response = await _app.SendAsync(HttpMethod.Delete, $"{Base}/instances");

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "createdTimeFrom");
    }

    [Fact]
    public async Task PurgeMany_FinishedInstances_Returns200WithCountThen404()
    {
        var a = await StartAsync("Hello", "a");
        var b = await StartAsync("Hello", "b");
        var running = await StartAsync("WaitForApproval", null);
        await _app.Client.WaitForInstanceCompletionAsync(a);
        await _app.Client.WaitForInstanceCompletionAsync(b);

        using var first = await _app.SendAsync(HttpMethod.Delete, $"{Base}/instances?createdTimeFrom=2000-01-01T00:00:00Z&runtimeStatus=Completed");
        using var second = await _app.SendAsync(HttpMethod.Delete, $"{Base}/instances?createdTimeFrom=2000-01-01T00:00:00Z&runtimeStatus=Completed");

        Assert.Equal(2, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.NotNull(await _app.Client.GetInstanceAsync(running));
    }

    [Fact]
    public async Task PurgeMany_RunningStatus_Returns400()
    {
        using var response = await _app.SendAsync(HttpMethod.Delete, $"{Base}/instances?createdTimeFrom=2000-01-01T00:00:00Z&runtimeStatus=Running");

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "Running");
    }

    private async Task<string> StartAsync(string orchestrator, string? input, string? instanceId = null) =>
        await _app.Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new Durable.Client.StartOrchestrationOptions(instanceId));
}
