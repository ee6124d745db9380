using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeFlows.Functions.Tests.Http;
using EdgeFlows.Functions.Tests.Infrastructure;

namespace EdgeFlows.Functions.Tests.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_NoKey_Returns200()
    {
        await using var app = await AppTestHost.StartAsync();

        using var response = await app.GetAsync("healthz", key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_StoreAnswersAndNoStorageConfigured_Returns200()
    {
        await using var app = await AppTestHost.StartAsync();

        using var response = await app.GetAsync("readyz", key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = await ChecksAsync(response);
        Assert.Equal("Healthy", checks["store"]);
        Assert.Equal("Healthy", checks["storage"]);
    }

    [Fact]
    public async Task Readyz_WatchedStorageUnreachable_Returns503NamingStorage()
    {
        await using var app = await AppTestHost.StartAsync(TestOrchestrations.Register, Watch(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1"));

        using var response = await app.GetAsync("readyz", key: null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;
        var storage = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "storage");
        Assert.Equal("Unhealthy", storage.GetProperty("status").GetString());
        Assert.Contains("training", storage.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Eby8vdM02x", text, StringComparison.Ordinal);
        Assert.Equal("Healthy", body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_WatchedContainerOnAzurite_Returns200()
    {
        await using var container = await TestContainer.CreateAsync("ready");
        var settings = Watch(Azurite.ConnectionString);
        settings["EdgeFlows:BlobTrigger:Watches:0:Container"] = container.Name;
        await using var app = await AppTestHost.StartAsync(TestOrchestrations.Register, settings);

        using var response = await app.GetAsync("readyz", key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await ChecksAsync(response))["storage"]);
    }

    private static Dictionary<string, string?> Watch(string connectionString) => new()
    {
        ["EdgeFlows:BlobTrigger:Watches:0:Container"] = "training",
        ["EdgeFlows:BlobTrigger:Watches:0:ConnectionString"] = connectionString,
        ["EdgeFlows:Host:ReadinessTimeout"] = "00:00:05",
    };

    private static async Task<Dictionary<string, string>> ChecksAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);
    }
}
