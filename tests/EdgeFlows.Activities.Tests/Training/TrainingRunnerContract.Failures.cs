// How jobs end when things go wrong: a failing command, a missing output, the maximum
// duration, an explicit cancel (also of a command that ignores SIGTERM).
using EdgeFlows.Activities.Training;

namespace EdgeFlows.Activities.Tests.Training;

public abstract partial class TrainingRunnerContract
{
    [Fact]
    public async Task StartAsync_CommandExitsNonZero_FailedWithExitCodeAndLastLogLines()
    {
        var jobId = NewJobId("fail");

        await StartAsync(Shell(jobId, "echo loading data; echo 'training blew up' >&2; exit 3"));
        var done = await JobWaits.FinishedAsync(Runner, Target, jobId);

        Assert.Equal(TrainingJobPhase.Failed, done.Phase);
        Assert.Equal(3, done.ExitCode);
        Assert.Contains("exited with code 3", done.Error, StringComparison.Ordinal);
        Assert.Contains("loading data", done.LastLogLines!);
        Assert.Contains("training blew up", done.LastLogLines!);
    }

    [Fact]
    public async Task StartAsync_CommandNotFound_FailedWithExitCode127()
    {
        var jobId = NewJobId("nocmd");

        await StartAsync(new TrainingJobSpec { JobId = jobId, Command = ["edgeflows-no-such-program"] });
        var done = await JobWaits.FinishedAsync(Runner, Target, jobId);

        Assert.Equal(TrainingJobPhase.Failed, done.Phase);
        Assert.Equal(127, done.ExitCode);
        Assert.Contains(done.LastLogLines!, l => l.Contains("edgeflows-no-such-program", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_OutputNotWritten_FailedNamingTheOutput()
    {
        var jobId = NewJobId("noout");

        await StartAsync(Shell(jobId, "echo done") with { Outputs = [Blobs.Output("model/model.json", $"out/{jobId}/model.json")] });
        var done = await JobWaits.FinishedAsync(Runner, Target, jobId);

        Assert.Equal(TrainingJobPhase.Failed, done.Phase);
        Assert.Equal(0, done.ExitCode);
        Assert.Contains("did not write output 'model/model.json'", done.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ExceedsMaxDuration_CancelledOnTargetAndProcessGone()
    {
        var jobId = NewJobId("slow");

        await StartAsync(Shell(jobId, "echo $$ > cmd.pid; exec sleep 600", maxDuration: TimeSpan.FromSeconds(2)));
        var done = await JobWaits.FinishedAsync(Runner, Target, jobId);

        var pid = int.Parse(await File.ReadAllTextAsync(Path.Join(JobFolder(jobId), "cmd.pid")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TrainingJobPhase.Cancelled, done.Phase);
        Assert.Contains("maximum duration of 2 s", done.Error, StringComparison.Ordinal);
        Assert.False(TestFolders.ProcessExists(pid), $"the command (pid {pid}) still runs");
    }

    [Fact]
    public async Task CancelAsync_RunningJob_StopsCommandAndReportsCancelled()
    {
        var jobId = NewJobId("cancel");
        await StartAsync(Shell(jobId, "echo $$ > cmd.pid; exec sleep 600"));
        var pidFile = Path.Join(JobFolder(jobId), "cmd.pid");
        await JobWaits.FileAsync(pidFile);

        var cancelled = await Runner.CancelAsync(Target, jobId);
        var later = await JobWaits.FinishedAsync(Runner, Target, jobId); // CancelAsync's wait is bounded

        var pid = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(cancelled.CancelRequested);
        Assert.Equal(TrainingJobPhase.Cancelled, later.Phase);
        Assert.Equal("cancelled on request", later.Error);
        Assert.True(later.CancelRequested);
        Assert.False(TestFolders.ProcessExists(pid), $"the command (pid {pid}) still runs");
    }

    [Fact]
    public async Task CancelAsync_CommandIgnoresSigterm_KilledAfterGracePeriod()
    {
        var jobId = NewJobId("stubborn");
        await StartAsync(Shell(jobId, "trap '' TERM; echo $$ > cmd.pid; while true; do sleep 0.1; done") with { CancelGracePeriod = TimeSpan.FromSeconds(1) });
        var pidFile = Path.Join(JobFolder(jobId), "cmd.pid");
        await JobWaits.FileAsync(pidFile);

        await Runner.CancelAsync(Target, jobId);
        var cancelled = await JobWaits.FinishedAsync(Runner, Target, jobId); // CancelAsync's wait is bounded

        var pid = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TrainingJobPhase.Cancelled, cancelled.Phase);
        Assert.Contains(cancelled.LastLogLines!, l => l.Contains("SIGKILL", StringComparison.Ordinal));
        Assert.False(TestFolders.ProcessExists(pid), $"the command (pid {pid}) still runs");
    }

    [Fact]
    public async Task CancelAsync_FinishedJob_LeavesItAsItWas()
    {
        var jobId = NewJobId("over");
        await StartAsync(Shell(jobId, "true"));
        await JobWaits.FinishedAsync(Runner, Target, jobId);

        var status = await Runner.CancelAsync(Target, jobId);

        Assert.Equal(TrainingJobPhase.Succeeded, status.Phase);
        Assert.False(status.CancelRequested);
    }
}
