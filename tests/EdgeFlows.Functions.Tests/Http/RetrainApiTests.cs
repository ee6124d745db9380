using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Tests.Infrastructure;

namespace EdgeFlows.Functions.Tests.Http;

public sealed class RetrainApiTests : IAsyncLifetime
{
    private AppTestHost _app = null!;

    public async Task InitializeAsync() => _app = await AppTestHost.StartAsync(
        TestOrchestrations.Register,
        new Dictionary<string, string?> { ["EdgeFlows:Host:MaxRequestBodyBytes"] = "4096" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Start_NoBody_Returns202WithRunStatusLocationAndStartsRetrain()
    {
        using var response = await _app.PostJsonAsync("api/retrain/sales", null, AppTestHost.RetrainKey);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("retrain:sales:", id, StringComparison.Ordinal);
        Assert.Equal($"{_app.BaseUri}api/runs/{Uri.EscapeDataString(id)}", response.Headers.Location!.ToString());
        Assert.Equal(response.Headers.Location.ToString(), body.GetProperty("statusQueryGetUri").GetString());
        Assert.StartsWith($"{_app.BaseUri}runtime/webhooks/durabletask/instances/", body.GetProperty("terminatePostUri").GetString(), StringComparison.Ordinal);
        var instance = await _app.Client.WaitForInstanceCompletionAsync(id);
        Assert.Equal("Retrain", instance.Name);
        Assert.Equal("\"trained sales\"", instance.Output);
    }

    [Fact]
    public async Task Start_WithBody_MapsFieldsIntoTheRunInput()
    {
        using var response = await _app.PostJsonAsync("api/retrain/sales", new { recipe = "logreg", target = "vm-1", reason = "new labels" }, AppTestHost.RetrainKey);

        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var input = JsonDocument.Parse((await _app.Client.GetInstanceAsync(id))!.Input!).RootElement;
        Assert.Equal("sales", input.GetProperty("dataset").GetString());
        Assert.Equal("http", input.GetProperty("trigger").GetString());
        Assert.Equal("logreg", input.GetProperty("recipe").GetString());
        Assert.Equal("vm-1", input.GetProperty("target").GetString());
        Assert.Equal("new labels", input.GetProperty("reason").GetString());
        Assert.False(input.TryGetProperty("snapshot", out var snapshot) && snapshot.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Start_SameRequestIdTwice_Returns202BothTimesWithOneRun()
    {
        var first = await StartWithRequestIdAsync("sales", "req-42");
        var second = await StartWithRequestIdAsync("sales", "req-42");

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        Assert.Equal(first.Id, second.Id);
        var runs = await _app.Client.QueryInstancesAsync(new Durable.Stores.InstanceQuery(InstanceIdPrefix: "retrain:sales:"));
        Assert.Single(runs.Items);
    }

    [Fact]
    public async Task Start_SameRequestIdAfterTheRunFinished_ReturnsTheSameRun()
    {
        var first = await StartWithRequestIdAsync("sales", "req-43");
        await _app.Client.WaitForInstanceCompletionAsync(first.Id);

        var retry = await StartWithRequestIdAsync("sales", "req-43");

        Assert.Equal(first.Id, retry.Id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await _app.Client.GetInstanceAsync(retry.Id))!.Status);
    }

    [Fact]
    public async Task Start_DifferentRequestIdsOrDatasets_StartDifferentRuns()
    {
        var a = await StartWithRequestIdAsync("sales", "req-1");
        var b = await StartWithRequestIdAsync("sales", "req-2");
        var c = await StartWithRequestIdAsync("stock", "req-1");

        Assert.Equal(3, new[] { a.Id, b.Id, c.Id }.Distinct().Count());
    }

    [Fact]
    public async Task Start_BadDatasetName_Returns400()
    {
        using var response = await _app.PostJsonAsync("api/retrain/bad%20name", null, AppTestHost.RetrainKey);

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "dataset name");
    }

    [Fact]
    public async Task Start_UnknownField_Returns400NamingIt()
    {
        using var response = await _app.PostJsonAsync("api/retrain/sales", new { recipe = "logreg", recpie = "typo" }, AppTestHost.RetrainKey);

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "'recpie' is not known");
    }

    [Fact]
    public async Task Start_FieldOfWrongType_Returns400NamingIt()
    {
        using var response = await _app.PostJsonAsync("api/retrain/sales", new { recipe = 5 }, AppTestHost.RetrainKey);

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "'recipe' must be a string");
    }

    [Fact]
    public async Task Start_BodyNotAnObject_Returns400()
    {
        using var response = await _app.SendAsync(HttpMethod.Post, "api/retrain/sales", AppTestHost.RetrainKey, new StringContent("[1,2]", Encoding.UTF8, "application/json"));

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "JSON object");
    }

    [Fact]
    public async Task Start_MalformedJson_Returns400()
    {
        using var response = await _app.SendAsync(HttpMethod.Post, "api/retrain/sales", AppTestHost.RetrainKey, new StringContent("{\"recipe\": ", Encoding.UTF8, "application/json"));

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "not valid JSON");
    }

    [Fact]
    public async Task Start_BadRecipeName_Returns400()
    {
        using var response = await _app.PostJsonAsync("api/retrain/sales", new { recipe = "rm -rf /" }, AppTestHost.RetrainKey);

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "'recipe'");
    }

    [Fact]
    public async Task Start_RequestIdTooLong_Returns400()
    {
        var result = await StartWithRequestIdAsync("sales", new string('r', 201));

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
    }

    [Fact]
    public async Task Start_BodyOverTheLimit_Returns413()
    {
        using var response = await _app.PostJsonAsync("api/retrain/sales", new { reason = new string('x', 8000) }, AppTestHost.RetrainKey);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<(HttpStatusCode Status, string Id)> StartWithRequestIdAsync(string dataset, string requestId)
    {
        using var request = AppTestHost.Request(HttpMethod.Post, $"api/retrain/{dataset}", AppTestHost.RetrainKey);
        request.Headers.TryAddWithoutValidation("x-request-id", requestId);
        using var response = await _app.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, body.TryGetProperty("id", out var id) ? id.GetString()! : string.Empty);
    }
}
