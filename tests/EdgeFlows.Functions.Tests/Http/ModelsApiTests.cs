using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeFlows.Activities.Models;
using EdgeFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Functions.Tests.Http;

/// <summary>The models endpoints over the app's own embedded registry (in its store file).</summary>
public sealed class ModelsApiTests : IAsyncLifetime
{
    private AppTestHost _app = null!;

    public async Task InitializeAsync()
    {
        _app = await AppTestHost.StartAsync();
        var registry = _app.App.Services.GetRequiredService<IModelRegistry>();
        foreach (var (accuracy, team) in new[] { (0.95, "retail"), (0.97, "retail"), (0.90, "ops") })
        {
            var version = await registry.RegisterAsync(new ModelRegistration
            {
                Name = "churn",
                RunId = $"run-{accuracy}",
                ArtifactUri = "https://storage/models/churn/model.onnx",
                Metrics = new Dictionary<string, double> { ["accuracy"] = accuracy },
                Tags = new Dictionary<string, string> { ["team"] = team },
                Lineage = new ModelLineage { Dataset = "sales", DataFingerprint = "sha256:feed" },
            });
            if (accuracy == 0.97)
            {
                await registry.SetStageAsync("churn", version.Version, ModelStage.Promoted, "best so far");
            }
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task List_WithFilters_ReturnsTheMatchingVersions()
    {
        using var response = await _app.GetAsync("api/models?name=churn&stage=promoted&tag=team%3Dretail", AppTestHost.ModelsKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var item = body.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(2, item.GetProperty("version").GetInt32());
        Assert.Equal("Promoted", item.GetProperty("stage").GetString());
        Assert.Equal(0.97, item.GetProperty("metrics").GetProperty("accuracy").GetDouble());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("continuationToken").ValueKind);
    }

    [Fact]
    public async Task List_PageSize_PagesWithAContinuationToken()
    {
        using var first = await _app.GetAsync("api/models?pageSize=2", AppTestHost.ModelsKey);
        var page = await first.Content.ReadFromJsonAsync<JsonElement>();
        var token = page.GetProperty("continuationToken").GetString();
        using var second = await _app.GetAsync($"api/models?pageSize=2&continuationToken={Uri.EscapeDataString(token!)}", AppTestHost.ModelsKey);
        var rest = await second.Content.ReadFromJsonAsync<JsonElement>();

        var versions = page.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("version").GetInt32());
        Assert.Equal([3, 2, 1], versions);
    }

    [Fact]
    public async Task List_UnknownStage_Returns400NamingIt()
    {
        using var response = await _app.GetAsync("api/models?stage=live", AppTestHost.ModelsKey);

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "'stage'");
    }

    [Fact]
    public async Task Get_ExistingVersion_Returns200WithItsLineage()
    {
        using var response = await _app.GetAsync("api/models/churn/versions/2", AppTestHost.ModelsKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal("best so far", body.GetProperty("stageReason").GetString());
        Assert.Equal("sales", body.GetProperty("lineage").GetProperty("dataset").GetString());
    }

    [Fact]
    public async Task Get_UnknownVersion_Returns404()
    {
        using var response = await _app.GetAsync("api/models/churn/versions/9", AppTestHost.ModelsKey);

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.NotFound, "no version '9'");
    }

    [Fact]
    public async Task Get_VersionNotANumber_Returns400()
    {
        using var response = await _app.GetAsync("api/models/churn/versions/latest", AppTestHost.ModelsKey);

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "whole number");
    }

    [Fact]
    public async Task List_RetrainKey_Returns401()
    {
        using var response = await _app.GetAsync("api/models", AppTestHost.RetrainKey);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
