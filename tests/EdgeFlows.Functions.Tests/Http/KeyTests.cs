using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeFlows.Functions.Tests.Infrastructure;

namespace EdgeFlows.Functions.Tests.Http;

public sealed class KeyTests : IAsyncLifetime
{
    private const string Management = "runtime/webhooks/durabletask/instances";
    private AppTestHost _app = null!;

    public async Task InitializeAsync() => _app = await AppTestHost.StartAsync(TestOrchestrations.Register);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ManagementApi_NoKey_Returns401WithoutDetail()
    {
        using var response = await _app.GetAsync(Management, key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.False(problem.TryGetProperty("detail", out _));
    }

    [Fact]
    public async Task ManagementApi_WrongKey_Returns401()
    {
        using var response = await _app.GetAsync(Management, key: AppTestHost.HostKey + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ManagementApi_HostKeyInHeader_Returns200()
    {
        using var response = await _app.GetAsync(Management, key: AppTestHost.HostKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ManagementApi_HostKeyInCodeQuery_Returns200()
    {
        using var response = await _app.GetAsync($"{Management}?code={AppTestHost.HostKey}", key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ManagementApi_FunctionKey_Returns401()
    {
        using var response = await _app.GetAsync(Management, key: AppTestHost.DefaultFunctionKey);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(AppTestHost.RetrainKey)]
    [InlineData(AppTestHost.DefaultFunctionKey)]
    [InlineData(AppTestHost.HostKey)]
    public async Task Retrain_ItsFunctionKeyDefaultKeyOrHostKey_Returns202(string key)
    {
        using var response = await _app.PostJsonAsync("api/retrain/sales", null, key);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Retrain_AnotherFunctionsKey_Returns401()
    {
        using var response = await _app.PostJsonAsync("api/retrain/sales", null, AppTestHost.ModelsKey);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Retrain_NoKey_Returns401BeforeReadingTheBody()
    {
        using var response = await _app.SendAsync(HttpMethod.Post, "api/retrain/sales", key: null, content: new StringContent("{not json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task StartPayload_KeyInHeader_LinksCarryNoCode()
    {
        using var response = await _app.PostJsonAsync("runtime/webhooks/durabletask/orchestrators/Hello", "x");

        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("code=", body, StringComparison.Ordinal);
        Assert.DoesNotContain(AppTestHost.HostKey, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartPayload_KeyInCodeQuery_EveryLinkCarriesIt()
    {
        using var response = await _app.PostJsonAsync($"runtime/webhooks/durabletask/orchestrators/Hello?code={AppTestHost.HostKey}", "x", key: null);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var link in body.EnumerateObject().Where(p => p.Name != "id"))
        {
            Assert.Contains($"code={AppTestHost.HostKey}", link.Value.GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Logs_KeysInHeaderAndQuery_NeverLoggedAndCodeRedacted()
    {
        using (await _app.GetAsync($"{Management}?code={AppTestHost.HostKey}&top=5", key: null))
        using (await _app.GetAsync(Management, key: AppTestHost.HostKey))
        using (await _app.GetAsync($"{Management}?code=wrong-key-guess-123456", key: null))
        {
        }

        await Eventually.TrueAsync(() => _app.Logs.Lines.Count(l => l.Contains("responded", StringComparison.Ordinal)) >= 3, "request logs");
        var lines = _app.Logs.Lines;
        Assert.DoesNotContain(lines, l => l.Contains(AppTestHost.HostKey, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("wrong-key-guess", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("?code=***&top=5", StringComparison.Ordinal));
    }
}
