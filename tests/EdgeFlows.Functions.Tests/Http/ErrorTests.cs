using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeFlows.Functions.Tests.Infrastructure;

namespace EdgeFlows.Functions.Tests.Http;

public sealed class ErrorTests : IAsyncLifetime
{
    private AppTestHost _app = null!;

    public async Task InitializeAsync() => _app = await AppTestHost.StartAsync(TestOrchestrations.Register);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("nothing/here")]
    [InlineData("api/unknown")]
    [InlineData("runtime/webhooks/durabletask/entities/x")]
    public async Task UnknownRoute_Returns404ProblemDetails(string path)
    {
        using var response = await _app.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("/" + path, problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task ProblemInstance_RequestWithCode_NeverEchoesTheQuery()
    {
        using var response = await _app.GetAsync($"runtime/webhooks/durabletask/instances/ghost?code={AppTestHost.HostKey}", key: null);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(AppTestHost.HostKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongMethod_Returns405ProblemDetails()
    {
        using var response = await _app.SendAsync(HttpMethod.Put, "runtime/webhooks/durabletask/instances/x");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
