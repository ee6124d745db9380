using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeFlows.Functions.Http.Models;
using EdgeFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Functions.Tests.Http;

public sealed class ModelsApiTests
{
    private static readonly ModelVersionInfo Churn2 = new(
        "churn", "2", "promoted", DateTimeOffset.Parse("2026-11-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        new Dictionary<string, string> { ["team"] = "retail" },
        new Dictionary<string, double> { ["accuracy"] = 0.97 },
        "https://storage/models/churn/2/model.onnx",
        "registry.local/churn:2@sha256:abc",
        new Dictionary<string, string> { ["dataset"] = "sales" });

    [Fact]
    public async Task List_WithFilters_PassesThemToTheRegistryAndReturnsItsPage()
    {
        var registry = new ListedRegistry(new ModelPage([Churn2], "next-page"));
        await using var app = await StartAsync(registry);

        using var response = await app.GetAsync("api/models?name=churn&stage=promoted&tag=team%3Dretail&pageSize=10&continuationToken=abc", AppTestHost.ModelsKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new ModelQuery("churn", "promoted", "team=retail", 10, "abc"), registry.LastQuery);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("next-page", body.GetProperty("continuationToken").GetString());
        var item = body.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("churn", item.GetProperty("name").GetString());
        Assert.Equal(0.97, item.GetProperty("metrics").GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public async Task Get_ExistingVersion_Returns200WithIt()
    {
        await using var app = await StartAsync(new ListedRegistry(new ModelPage([Churn2], null)));

        using var response = await app.GetAsync("api/models/churn/versions/2", AppTestHost.ModelsKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2", body.GetProperty("version").GetString());
        Assert.Equal("sales", body.GetProperty("lineage").GetProperty("dataset").GetString());
    }

    [Fact]
    public async Task Get_UnknownVersion_Returns404()
    {
        await using var app = await StartAsync(new ListedRegistry(new ModelPage([Churn2], null)));

        using var response = await app.GetAsync("api/models/churn/versions/9", AppTestHost.ModelsKey);

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.NotFound, "no version '9'");
    }

    [Fact]
    public async Task List_RetrainKey_Returns401()
    {
        await using var app = await StartAsync(new ListedRegistry(new ModelPage([], null)));

        using var response = await app.GetAsync("api/models", AppTestHost.RetrainKey);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task List_NoRegistryConfigured_Returns503()
    {
        await using var app = await AppTestHost.StartAsync();

        using var response = await app.GetAsync("api/models", AppTestHost.ModelsKey);

        await ManagementApiTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "model registry");
    }

    private static Task<AppTestHost> StartAsync(IModelRegistry registry) =>
        AppTestHost.StartAsync(builder: b => b.Services.AddSingleton(registry));

    private sealed class ListedRegistry(ModelPage page) : IModelRegistry
    {
        public ModelQuery? LastQuery { get; private set; }

        public Task<ModelVersionInfo?> GetAsync(string name, string version, CancellationToken cancellationToken = default) =>
            Task.FromResult(page.Items.FirstOrDefault(m => m.Name == name && m.Version == version));

        public Task<ModelPage> ListAsync(ModelQuery query, CancellationToken cancellationToken = default)
        {
            LastQuery = query;
            return Task.FromResult(page);
        }
    }
}
