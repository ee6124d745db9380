using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Tests.Infrastructure;
using EdgeFlows.Samples.Demo;
using EdgeFlows.Samples.Demo.Orchestrations;
using Spectre.Console;

namespace EdgeFlows.Durable.Tests.Samples;

/// <summary>What eng/demo.sh shows and returns, driven in-process against a test host.</summary>
public sealed class DemoRunTests
{
    [Fact]
    public async Task RunAsync_RunCompletes_ReturnsZeroAndPrintsProgressResultAndHistory()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddRetrainPreview());
        var (console, output) = Console();
        var run = new DemoRun(host.Client, console, Options(host, TimeSpan.FromSeconds(90)));

        var exitCode = await run.RunAsync(CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains("✓ ProfileDataset #1 completed", text, StringComparison.Ordinal);
        // Intermediate statuses show only if a poll catches them; the final one always does.
        Assert.Contains("status step 4/4 · Done: registered breast-cancer-logreg v1", text, StringComparison.Ordinal);
        Assert.Contains("Completed in", text, StringComparison.Ordinal);
        Assert.Contains("TP 37  FP 0  TN 77  FN 0", text, StringComparison.Ordinal);
        Assert.Contains("ExecutionCompleted", text, StringComparison.Ordinal);
        Assert.Contains("RegisterModel #4", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnfinishedRunInStore_FollowsItInsteadOfStartingAnother()
    {
        // No worker: the earlier run stays Pending, so the demo follows it and times out.
        await using var host = await DurableTestHost.StartAsync(r => r.AddRetrainPreview(), startWorker: false);
        var earlier = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(RetrainPreview), new RetrainPreviewInput(SampleData.BreastCancerCsv, Path.GetDirectoryName(host.DatabasePath)!));
        var (console, output) = Console();
        var run = new DemoRun(host.Client, console, Options(host, TimeSpan.FromMilliseconds(300)));

        var exitCode = await run.RunAsync(CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Equal(earlier, run.InstanceId);
        Assert.Contains("Resuming unfinished run", output.ToString(), StringComparison.Ordinal);
        Assert.Single((await host.Client.QueryInstancesAsync(new InstanceQuery())).Items);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ReturnsOneAndSaysTheRunIsCheckpointed()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddRetrainPreview(), startWorker: false);
        var (console, output) = Console();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var exitCode = await new DemoRun(host.Client, console, Options(host, TimeSpan.FromSeconds(30))).RunAsync(cancelled.Token);

        Assert.Equal(1, exitCode);
        Assert.Contains("Interrupted", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownOption_ReturnsAnError()
    {
        Assert.Null(DemoOptions.Parse(["--bogus"], out var error));
        Assert.Equal("Unknown option '--bogus'.", error);
    }

    [Fact]
    public void Parse_Defaults_UseTheDataSetBesideTheBinary()
    {
        var options = DemoOptions.Parse([], out var error);

        Assert.Null(error);
        Assert.Equal(SampleData.BreastCancerCsv, options!.DatasetPath);
        Assert.Equal(Path.Combine(options.WorkDirectory, "edgeflows.db"), options.DatabasePath);
    }

    private static DemoOptions Options(DurableTestHost host, TimeSpan timeout) =>
        new(SampleData.BreastCancerCsv, Path.GetDirectoryName(host.DatabasePath)!, timeout, TimeSpan.FromMilliseconds(100), SimulateFailure: false);

    private static (IAnsiConsole Console, StringWriter Output) Console()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        return (console, output);
    }
}
