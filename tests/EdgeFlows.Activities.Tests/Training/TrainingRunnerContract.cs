// What every training runner must do, run against each one (local, ssh) with real jobs:
// inputs from Azurite through read SAS URLs, outputs back through write SAS URLs. A derived
// class supplies the runner and a target; jobs run in a fresh work root per test.
using EdgeFlows.Activities.Tests.Storage;
using EdgeFlows.Activities.Training;

namespace EdgeFlows.Activities.Tests.Training;

public abstract partial class TrainingRunnerContract : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    private readonly List<(TrainingTarget Target, string JobId)> _started = [];
    private readonly List<ITrainingRunner> _runners = [];

    protected TrainingRunnerContract(ContainerFixture storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        Blobs = new JobBlobs(storage.Client, storage.Container);
        WorkRoot = TestFolders.Create("jobs");
        Runner = NewRunner();
    }

    private protected JobBlobs Blobs { get; }

    protected string WorkRoot { get; }

    protected ITrainingRunner Runner { get; }

    /// <summary>A new runner instance, as after a restart of EdgeFlows (disposed after the test).</summary>
    protected ITrainingRunner NewRunner()
    {
        var runner = CreateRunner();
        _runners.Add(runner);
        return runner;
    }

    protected abstract ITrainingRunner CreateRunner();

    /// <summary>The target under test, with its jobs under <paramref name="workRoot"/>.</summary>
    protected abstract TrainingTarget CreateTarget(string workRoot);

    protected TrainingTarget Target => CreateTarget(WorkRoot);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // A fresh runner: a test may have disposed the one that started a job.
        var cleanup = NewRunner();
        foreach (var (target, jobId) in _started)
        {
            try
            {
                await cleanup.CancelAsync(target, jobId);
            }
            catch (TrainingTargetException)
            {
                // Tests of unreachable targets start nothing that runs.
            }
        }

        foreach (var runner in _runners)
        {
            (runner as IDisposable)?.Dispose();
        }

        TestFolders.Delete(WorkRoot);
    }

    protected static string NewJobId(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 13)];

    protected string JobFolder(string jobId, string? workRoot = null) => Path.Join(workRoot ?? WorkRoot, "jobs", jobId);

    protected async Task<TrainingJobStatus> StartAsync(TrainingJobSpec spec, ITrainingRunner? runner = null, TrainingTarget? target = null)
    {
        runner ??= Runner;
        target ??= Target;
        _started.Add((target, spec.JobId));
        return await runner.StartAsync(target, spec);
    }

    protected static TrainingJobSpec Shell(string jobId, string script, TimeSpan? maxDuration = null) => new()
    {
        JobId = jobId,
        Command = ["sh", "-c", script],
        MaxDuration = maxDuration ?? TimeSpan.FromMinutes(5),
        CancelGracePeriod = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task StartAsync_Job_DownloadsInputsRunsCommandAndUploadsOutputs()
    {
        var jobId = NewJobId("ok");
        var input = await Blobs.InputAsync("data/in put.txt", $"in/{jobId}.txt", "hello from the edge");
        var spec = Shell(jobId, "tr a-z A-Z < 'inputs/data/in put.txt' > outputs/result/out.txt") with
        {
            Inputs = [input],
            Outputs = [Blobs.Output("result/out.txt", $"out/{jobId}/out.txt")],
        };

        var started = await StartAsync(spec);
        var done = await JobWaits.FinishedAsync(Runner, Target, jobId);

        Assert.Equal(jobId, started.JobId);
        Assert.Equal(TrainingJobPhase.Succeeded, done.Phase);
        Assert.Equal(0, done.ExitCode);
        Assert.Equal("HELLO FROM THE EDGE", await Blobs.ReadAsync($"out/{jobId}/out.txt"));
        Assert.Equal("hello from the edge", await File.ReadAllTextAsync(Path.Join(JobFolder(jobId), "inputs", "data", "in put.txt")));
        Assert.NotNull(done.StartedAt);
        Assert.True(done.FinishedAt >= done.StartedAt);
        Assert.True(done.TrainingSeconds >= 0);
        Assert.True(done.Elapsed >= TimeSpan.FromSeconds(done.TrainingSeconds!.Value));
        Assert.Equal(Target.Name, done.Target);
    }

    [Fact]
    public async Task StartAsync_Placeholders_BecomeTheJobFolders()
    {
        var jobId = NewJobId("paths");
        var spec = new TrainingJobSpec
        {
            JobId = jobId,
            Command = ["sh", "-c", "printf '%s\\n' \"$1\" \"$2\" \"$3\" \"$4\" \"$EDGEFLOWS_OUTPUTS\" \"$MODEL_DIR\" > outputs/paths.txt", "sh", "{inputs}", "{outputs}", "{code}", "{job}"],
            Environment = new Dictionary<string, string> { ["MODEL_DIR"] = "{outputs}/model" },
            Outputs = [Blobs.Output("paths.txt", $"out/{jobId}/paths.txt")],
        };

        await StartAsync(spec);
        var done = await JobWaits.FinishedAsync(Runner, Target, jobId);

        var folder = done.JobFolder!;
        Assert.Equal(TrainingJobPhase.Succeeded, done.Phase);
        Assert.Equal(
            $"{folder}/inputs\n{folder}/outputs\n{folder}/code\n{folder}\n{folder}/outputs\n{folder}/outputs/model\n",
            await Blobs.ReadAsync($"out/{jobId}/paths.txt"));
    }

    [Fact]
    public async Task StartAsync_CodeFiles_ShippedIntoCodeFolder()
    {
        var jobId = NewJobId("code");
        var script = Path.Join(TestFolders.Create("code"), "step.py");
        await File.WriteAllTextAsync(script, "import sys\nopen(sys.argv[1], 'w').write('ran step.py')\n");
        var spec = new TrainingJobSpec
        {
            JobId = jobId,
            Command = ["python3", "{code}/step.py", "{outputs}/result.txt"],
            CodeFiles = [script],
            Outputs = [Blobs.Output("result.txt", $"out/{jobId}/result.txt")],
        };

        await StartAsync(spec);
        var done = await JobWaits.FinishedAsync(Runner, Target, jobId);

        Assert.Equal(TrainingJobPhase.Succeeded, done.Phase);
        Assert.Equal("ran step.py", await Blobs.ReadAsync($"out/{jobId}/result.txt"));
    }

    [Fact]
    public async Task StartAsync_CalledAgainAndConcurrently_RunsTheCommandOnce()
    {
        var jobId = NewJobId("once");
        var counter = Path.Join(WorkRoot, "counter.txt");
        var spec = Shell(jobId, "echo ran >> \"$COUNTER\"") with { Environment = new Dictionary<string, string> { ["COUNTER"] = counter } };
        var other = NewRunner();

        var concurrent = await Task.WhenAll(StartAsync(spec), StartAsync(spec, other));
        await JobWaits.FinishedAsync(Runner, Target, jobId);
        var again = await StartAsync(spec with { Command = ["sh", "-c", "echo second >> \"$COUNTER\""] });

        Assert.All(concurrent, s => Assert.Equal(jobId, s.JobId));
        Assert.Equal(TrainingJobPhase.Succeeded, again.Phase);
        Assert.Equal(["ran"], await File.ReadAllLinesAsync(counter));
        Assert.Single(Directory.GetDirectories(Path.Join(WorkRoot, "jobs")));
    }

    [Fact]
    public async Task GetStatusAsync_FromNewRunnerInstance_FollowsTheRunningJob()
    {
        var jobId = NewJobId("restart");
        var first = NewRunner();
        await StartAsync(Shell(jobId, "echo waiting; while [ ! -e release ]; do sleep 0.05; done; echo released"), first);
        await JobWaits.UntilAsync(first, Target, jobId, s => s.Phase == TrainingJobPhase.Running);
        (first as IDisposable)?.Dispose();

        var second = NewRunner();
        var running = await second.GetStatusAsync(Target, jobId);
        await File.WriteAllTextAsync(Path.Join(JobFolder(jobId), "release"), "go");
        var done = await JobWaits.FinishedAsync(second, Target, jobId);

        Assert.Equal(TrainingJobPhase.Running, running.Phase);
        Assert.Contains("waiting", running.LastLogLines!);
        Assert.Equal(TrainingJobPhase.Succeeded, done.Phase);
        Assert.Contains("released", done.LastLogLines!);
    }

    [Fact]
    public async Task GetStatusAsync_UnknownJob_NotFound()
    {
        var status = await Runner.GetStatusAsync(Target, NewJobId("none"));

        Assert.Equal(TrainingJobPhase.NotFound, status.Phase);
        Assert.True(status.IsFinal);
    }

    [Fact]
    public async Task ProbeAsync_ReachableTarget_ReportsTheMachine()
    {
        var jobId = NewJobId("probe");
        await StartAsync(Shell(jobId, "while [ ! -e release ]; do sleep 0.05; done"));
        await JobWaits.UntilAsync(Runner, Target, jobId, s => s.Phase == TrainingJobPhase.Running);

        var report = await Runner.ProbeAsync(Target);
        await File.WriteAllTextAsync(Path.Join(JobFolder(jobId), "release"), "go");

        Assert.True(report.IsUsable, report.Error);
        Assert.Equal(Target.Name, report.Target);
        Assert.Contains("Linux", report.Os, StringComparison.Ordinal);
        Assert.InRange(report.FreeDiskBytes!.Value, 1, long.MaxValue);
        Assert.InRange(report.MemoryTotalBytes!.Value, 1, long.MaxValue);
        Assert.InRange(report.MemoryAvailableBytes!.Value, 1, report.MemoryTotalBytes.Value);
        Assert.InRange(report.CpuCount!.Value, 1, Environment.ProcessorCount);
        Assert.Equal(ExpectedGpuCount(), report.Gpus.Count);
        Assert.Equal(ExpectedContainerRuntime(), report.ContainerRuntime?.Path);
        Assert.Equal([jobId], report.RunningJobs);
        Assert.StartsWith("3.", report.PythonVersion, StringComparison.Ordinal);
    }

    private static int ExpectedGpuCount()
    {
        if (OnPath("nvidia-smi") is not { } smi)
        {
            return 0;
        }

        var start = new System.Diagnostics.ProcessStartInfo(smi, "--list-gpus") { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        process.WaitForExit();
        return lines;
    }

    private static string? ExpectedContainerRuntime() => OnPath("docker") ?? OnPath("podman");

    private static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Join(dir, program))
            .FirstOrDefault(File.Exists);
}
