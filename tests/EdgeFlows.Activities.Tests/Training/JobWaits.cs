using EdgeFlows.Activities.Training;

namespace EdgeFlows.Activities.Tests.Training;

/// <summary>Polls a job's status until a condition holds, failing with the last status after a generous bound.</summary>
internal static class JobWaits
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    public static async Task<TrainingJobStatus> UntilAsync(ITrainingRunner runner, TrainingTarget target, string jobId, Func<TrainingJobStatus, bool> condition)
    {
        using var bound = new CancellationTokenSource(Bound);
        TrainingJobStatus? status = null;
        while (!bound.IsCancellationRequested)
        {
            status = await runner.GetStatusAsync(target, jobId);
            if (condition(status))
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        Assert.Fail($"Job {jobId} did not reach the expected state within {Bound}; last status: {status} [{string.Join(" | ", status?.LastLogLines ?? [])}]");
        return status!;
    }

    public static Task<TrainingJobStatus> FinishedAsync(ITrainingRunner runner, TrainingTarget target, string jobId) =>
        UntilAsync(runner, target, jobId, s => s.IsFinal);

    public static Task<TrainingJobStatus> RunningAsync(ITrainingRunner runner, TrainingTarget target, string jobId) =>
        UntilAsync(runner, target, jobId, s => s.Phase == TrainingJobPhase.Running || s.IsFinal);

    /// <summary>Waits until a file exists (a job writes it), within the same bound.</summary>
    public static async Task FileAsync(string path)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            Assert.False(bound.IsCancellationRequested, $"{path} did not appear within {Bound}.");
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
