using EdgeFlows.Cli.Tests.Infrastructure;

namespace EdgeFlows.Cli.Tests.Commands;

/// <summary>What holds for every command: help, usage errors, choosing the store or the app.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_ListsTheCommandsAndEveryExitCode()
    {
        var result = await CliRun.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "start", "status", "list", "watch", "raise-event", "terminate", "purge", "models" })
        {
            Assert.Contains($"  {command}", result.Out, StringComparison.Ordinal);
        }

        foreach (var (code, meaning) in ExitCodes.All)
        {
            Assert.Contains($"  {code,-5}{meaning}", result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NoCommand_ExitsUsage()
    {
        var result = await CliRun.RunAsync();

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public async Task UnknownOption_ExitsUsagePointingAtHelp()
    {
        var result = await CliRun.RunAsync("status", "x", "--verbose");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--verbose", result.Error, StringComparison.Ordinal);
        Assert.Contains("edgeflows status --help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageErrorWithJson_IsAJsonDocumentOnStderr()
    {
        var result = await CliRun.RunAsync("watch", "--json");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("usage", result.ErrorJson()["error"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task NeitherStoreNorUrl_ExitsUsageSayingHowToChoose()
    {
        var result = await CliRun.RunAsync("list");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--store", result.Error, StringComparison.Ordinal);
        Assert.Contains("EDGEFLOWS_URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BothStoreAndUrl_ExitsUsage()
    {
        var result = await CliRun.RunAsync("list", "--store", "x.db", "--url", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public async Task MissingStoreFile_ExitsUnavailableAndCreatesNoFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edgeflows-missing-{Guid.NewGuid():N}.db");

        var result = await CliRun.RunAsync("list", "--store", path);

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task StoreFileThatIsNotAStore_ExitsUnavailableAndLeavesItAlone()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edgeflows-foreign-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(path, "not a database, just text that is long enough to look like a file header....");
        try
        {
            var result = await CliRun.RunAsync("list", "--store", path);

            Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
            Assert.Contains("not a SQLite database", result.Error, StringComparison.Ordinal);
            Assert.StartsWith("not a database", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task StoreFromEnvironment_IsUsedWithoutStoreOption()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edgeflows-env-{Guid.NewGuid():N}.db");

        var result = await CliRun.RunAsync(["status", "x"], new Dictionary<string, string> { ["EDGEFLOWS_STORE"] = path });

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UrlWithAQuery_ExitsUsageWithoutEchoingIt()
    {
        var result = await CliRun.RunAsync("list", "--url", "http://127.0.0.1:1/?code=secret-key-value");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.DoesNotContain("secret-key-value", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UrlNobodyListensOn_ExitsUnavailableWithoutTheKey()
    {
        var result = await CliRun.RunAsync("status", "x", "--url", "http://127.0.0.1:9", "--key", "k-0123456789abcdef-secret", "--http-timeout", "5s");

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains("Cannot reach the app at http://127.0.0.1:9/", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("k-0123456789abcdef-secret", result.Error + result.Out, StringComparison.Ordinal);
    }
}
