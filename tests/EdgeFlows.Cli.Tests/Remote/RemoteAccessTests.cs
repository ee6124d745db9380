using System.Net;
using System.Net.Sockets;
using EdgeFlows.Cli.Tests.Infrastructure;
using EdgeFlows.Functions.Tests.Infrastructure;

namespace EdgeFlows.Cli.Tests.Remote;

/// <summary>Keys, the environment, and an app that does not answer.</summary>
public sealed class RemoteAccessTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string WrongKey = "wrong-key-0123456789abcdef";

    [Theory]
    [InlineData("list")]
    [InlineData("status", "some-id")]
    [InlineData("start", "sales")]
    [InlineData("models", "list")]
    public async Task AnyCommand_WrongKey_ExitsUnavailableWithoutPrintingTheKey(params string[] command)
    {
        var result = await CliRun.RunAsync([.. command, "--url", app.Url, "--key", WrongKey]);

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains("refused the key (HTTP 401)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKeyWithJson_IsAJsonErrorWithoutTheKey()
    {
        var result = await CliRun.RunAsync(["list", "--json", "--url", app.Url, "--key", WrongKey]);

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Equal("unavailable", result.ErrorJson()["error"]!["kind"]!.GetValue<string>());
        Assert.DoesNotContain(WrongKey, result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoKey_ExitsUnavailableSayingAKeyIsNeeded()
    {
        var result = await CliRun.RunAsync(["list", "--url", app.Url]);

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains("needs a key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionKey_OpensTheAppEndpointsButNotTheManagementApi()
    {
        var models = await CliRun.RunAsync(["models", "list", "--url", app.Url, "--key", AppTestHost.DefaultFunctionKey]);
        var status = await CliRun.RunAsync(["status", "some-id", "--url", app.Url, "--key", AppTestHost.DefaultFunctionKey]);

        Assert.Equal(0, models.ExitCode);
        Assert.Equal(ExitCodes.Unavailable, status.ExitCode);
        Assert.Contains("host key", status.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(AppTestHost.DefaultFunctionKey, status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UrlAndKeyFromTheEnvironment_AreUsed()
    {
        var environment = new Dictionary<string, string> { ["EDGEFLOWS_URL"] = app.Url, ["EDGEFLOWS_KEY"] = AppTestHost.HostKey };

        var result = await CliRun.RunAsync(["status", "nobody"], environment);

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
    }

    [Fact]
    public async Task KeyNeverLeavesInTheLogsOrOutputOfAStart()
    {
        var dataset = StoreFixture.NewDataset("hk");

        var result = await app.RunAsync("start", dataset, "--watch", "--interval", "50ms");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(AppTestHost.HostKey, result.Out + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(app.App.Logs.Lines, line => line.Contains(AppTestHost.HostKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppThatDoesNotAnswer_ExitsUnavailableAfterTheHttpTimeout()
    {
        // A real socket on 127.0.0.1 that accepts connections and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/";

        var result = await CliRun.RunAsync(["list", "--url", url, "--key", AppTestHost.HostKey, "--http-timeout", "500ms"]);

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains("did not answer", result.Error, StringComparison.Ordinal);
        Assert.Contains("--http-timeout", result.Error, StringComparison.Ordinal);
    }
}
