using EdgeFlows.Activities.Tests.Storage;
using EdgeFlows.Activities.Training;

namespace EdgeFlows.Activities.Tests.Training;

/// <summary>The runner contract for the local runner, and what is particular to it.</summary>
public sealed class LocalTrainingRunnerTests(ContainerFixture storage) : TrainingRunnerContract(storage)
{
    protected override ITrainingRunner CreateRunner() => new LocalTrainingRunner();

    protected override TrainingTarget CreateTarget(string workRoot) => new() { Name = "this-host", Kind = TrainingTargetKinds.Local, WorkRoot = workRoot };

    [Fact]
    public async Task ProbeAsync_PythonMissing_ReachableButNotUsable()
    {
        var report = await Runner.ProbeAsync(Target with { Python = "/nonexistent/python3" });

        Assert.True(report.Reachable);
        Assert.False(report.IsUsable);
        Assert.Contains("'/nonexistent/python3' could not be started", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelAsync_GraceLongerThanCommandTimeout_AnswersInTimeAndJobStopsLater()
    {
        var jobId = NewJobId("patient");
        var target = Target with { CommandTimeout = TimeSpan.FromSeconds(6) };
        await StartAsync(Shell(jobId, "trap '' TERM; echo $$ > cmd.pid; while true; do sleep 0.1; done") with { CancelGracePeriod = TimeSpan.FromSeconds(12) }, target: target);
        await JobWaits.FileAsync(Path.Join(JobFolder(jobId), "cmd.pid"));

        var answer = await Runner.CancelAsync(target, jobId);
        var done = await JobWaits.FinishedAsync(Runner, target, jobId);

        Assert.Equal(TrainingJobPhase.Running, answer.Phase);
        Assert.True(answer.CancelRequested);
        Assert.Equal(TrainingJobPhase.Cancelled, done.Phase);
    }

    [Fact]
    public async Task Logs_JobWithFailingInputAndCancel_NameJobsButNoSignature()
    {
        var logger = new TypedLogger<LocalTrainingRunner>();
        var runner = new LocalTrainingRunner(logger: logger);
        var jobId = NewJobId("logs");
        var input = Blobs.MissingInput("in.csv", $"in/{jobId}.csv");
        var output = Blobs.Output("out.csv", $"out/{jobId}.csv");

        await StartAsync(Shell(jobId, "true") with { Inputs = [input], Outputs = [output] }, runner);
        await JobWaits.FinishedAsync(runner, Target, jobId);
        await runner.CancelAsync(Target, jobId);
        await runner.ProbeAsync(Target with { Python = "/nonexistent/python3" });

        var lines = string.Join('\n', logger.Inner.Lines);
        Assert.Contains(jobId, lines, StringComparison.Ordinal);
        Assert.Contains("could not be started", lines, StringComparison.Ordinal);
        Assert.All(new[] { input, output }.SelectMany(JobBlobs.SignatureForms), sig => Assert.DoesNotContain(sig, lines, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_HostEnvironmentHoldsSecrets_JobDoesNotSeeThem()
    {
        var name = $"EDGEFLOWS_PLANTED_SECRET_{Guid.NewGuid():N}";
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        Environment.SetEnvironmentVariable(name, secret);
        try
        {
            var jobId = NewJobId("env");

            await StartAsync(Shell(jobId, "env; echo \"MINE=$MINE\"") with { Environment = new Dictionary<string, string> { ["MINE"] = "given" } });
            var done = await JobWaits.FinishedAsync(Runner, Target, jobId);

            var log = await File.ReadAllTextAsync(Path.Join(JobFolder(jobId), "log.txt"));
            Assert.Equal(TrainingJobPhase.Succeeded, done.Phase);
            Assert.Contains("MINE=given", log, StringComparison.Ordinal);
            Assert.Contains("PATH=", log, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
            Assert.DoesNotContain(name, log, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task StartAsync_OutputLargerThanOnePut_UploadedInBlocks()
    {
        var jobId = NewJobId("large");
        const int size = (64 << 20) + 12345;

        await StartAsync(Shell(jobId, $"head -c {size} /dev/urandom > outputs/big.bin && sha256sum outputs/big.bin | cut -d' ' -f1 > big.sha256")
            with { Outputs = [Blobs.Output("big.bin", $"out/{jobId}/big.bin")] });
        var done = await JobWaits.FinishedAsync(Runner, Target, jobId);

        Assert.Equal(TrainingJobPhase.Succeeded, done.Phase);
        var uploaded = await Blobs.ReadBytesAsync($"out/{jobId}/big.bin");
        Assert.Equal(size, uploaded.Length);
        Assert.Equal(
            (await File.ReadAllTextAsync(Path.Join(JobFolder(jobId), "big.sha256"))).Trim(),
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(uploaded)));
    }
}

/// <summary>A <see cref="CapturingLogger"/> with the type the runners ask for.</summary>
internal sealed class TypedLogger<T> : Microsoft.Extensions.Logging.ILogger<T>
{
    public CapturingLogger Inner { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Inner.Log(logLevel, eventId, state, exception, formatter);
}
