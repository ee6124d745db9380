using System.Net;
using System.Text.Json;
using EdgeFlows.Functions.Tests.Infrastructure;

namespace EdgeFlows.Functions.Tests.Http;

public sealed class OpenApiTests
{
    [Fact]
    public async Task Document_WithoutKey_ParsesAndListsEveryEndpoint()
    {
        await using var app = await AppTestHost.StartAsync();

        using var response = await app.GetAsync("openapi/v1.json", key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.RootElement.GetProperty("paths");
        string[] expected =
        [
            "/api/retrain/{dataset}", "/api/runs", "/api/runs/{instanceId}", "/api/models", "/api/models/{name}/versions/{version}",
            "/runtime/webhooks/durabletask/orchestrators/{name}/{instanceId}", "/runtime/webhooks/durabletask/instances",
            "/runtime/webhooks/durabletask/instances/{instanceId}", "/runtime/webhooks/durabletask/instances/{instanceId}/raiseEvent/{eventName}",
            "/runtime/webhooks/durabletask/instances/{instanceId}/terminate", "/runtime/webhooks/durabletask/instances/{instanceId}/suspend",
            "/runtime/webhooks/durabletask/instances/{instanceId}/resume", "/runtime/webhooks/durabletask/instances/{instanceId}/restart",
        ];
        var actual = paths.EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(expected, path => Assert.Contains(path, actual));
        Assert.True(paths.GetProperty("/api/retrain/{dataset}").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/runtime/webhooks/durabletask/instances").TryGetProperty("delete", out _));
        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("x-functions-key", schemes.GetProperty("functionKeyHeader").GetProperty("name").GetString());
        Assert.Equal("query", schemes.GetProperty("functionKeyQuery").GetProperty("in").GetString());
    }
}
