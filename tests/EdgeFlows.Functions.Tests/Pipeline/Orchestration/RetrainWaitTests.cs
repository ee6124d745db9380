using EdgeFlows.Activities.Training;
using EdgeFlows.Durable.History;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Steps;

namespace EdgeFlows.Functions.Tests.Pipeline.Orchestration;

/// <summary>The Wait step: polling with back-off, progress in the custom status, the maximum duration.</summary>
public sealed class RetrainWaitTests
{
    [Fact]
    public async Task Retrain_JobTrainsForSeveralPolls_PollsWithGrowingDelaysUpToTheMaximum()
    {
        var fake = new FakePipeline
        {
            Status = (job, poll) => new TrainingJobState(job.JobId, poll >= 6 ? TrainingJobPhase.Succeeded : TrainingJobPhase.Running),
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var instance = await host.RunAsync();

        RetrainTestHost.ResultOf(instance);
        var delays = (await host.HistoryAsync(instance.InstanceId)).OfType<TimerCreated>().Select(t => (t.FireAt - t.Timestamp).TotalMilliseconds).ToList();
        Assert.Equal([20, 40, 80, 160, 160, 160], delays);
        Assert.Equal(6, fake.CountOf(RetrainSteps.GetTrainingStatus));
    }

    [Fact]
    public async Task Retrain_JobAlreadyFinishedWhenStarted_RegistersWithoutPolling()
    {
        var fake = new FakePipeline { Start = input => new TrainingJobState(input.JobId, TrainingJobPhase.Succeeded, 0) };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var result = RetrainTestHost.ResultOf(await host.RunAsync());

        Assert.Equal(1, result.Version);
        Assert.Equal(0, fake.CountOf(RetrainSteps.GetTrainingStatus));
    }

    [Fact]
    public async Task Retrain_WhileTraining_CustomStatusShowsPhaseElapsedAndLastLogLines()
    {
        var release = new TaskCompletionSource();
        var fake = new FakePipeline
        {
            Status = (job, poll) => release.Task.IsCompleted
                ? new TrainingJobState(job.JobId, TrainingJobPhase.Succeeded, 0)
                : new TrainingJobState(job.JobId, TrainingJobPhase.Running, LastLogLines: ["epoch 3 loss 0.25"]),
        };
        await using var host = await RetrainTestHost.StartAsync(fake);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(Retrain.Name, new RetrainRequest { Dataset = "iris" });

        var status = await WaitForStatusAsync(host, id, s => s.Step == RetrainSteps.Wait && s.LastLogLines is { Count: > 0 } && s.Elapsed > TimeSpan.Zero);
        release.SetResult();

        Assert.Equal(TrainingJobPhase.Running, status.Phase);
        Assert.Equal("vm1", status.Target);
        Assert.Equal(["epoch 3 loss 0.25"], status.LastLogLines);
        Assert.StartsWith("retrain-iris-", status.JobId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_JobRunsPastItsMaximumDuration_CancelsItOnTheTargetAndFails()
    {
        var fake = new FakePipeline
        {
            Plan = input => FakePipeline.DefaultPlan(input.JobId) with { Recipe = FakePipeline.DefaultPlan(input.JobId).Recipe with { MaxDuration = TimeSpan.FromMilliseconds(300) } },
            Status = (job, _) => new TrainingJobState(job.JobId, TrainingJobPhase.Running),
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var instance = await host.RunAsync();

        var failure = RetrainTestHost.FailureOf(instance);
        Assert.Contains("training exceeded the recipe's maximum duration of 00:00:00.3000000; the job was cancelled on the target", failure, StringComparison.Ordinal);
        var cancelled = Assert.Single(fake.InputsOf<TrainingJobRef>(RetrainSteps.CancelTraining));
        Assert.Equal(("vm1", fake.InputsOf<StartTrainingInput>(RetrainSteps.StartTraining)[0].JobId), (cancelled.Target, cancelled.JobId));
        Assert.Equal(RetrainEvents.Failed, Assert.Single(fake.InputsOf<WebhookNotification>(RetrainSteps.SendWebhook)).Kind);
        var history = await host.HistoryAsync(instance.InstanceId);
        var timers = history.OfType<TimerCreated>().ToList();
        var deadline = timers[0].Timestamp.AddMilliseconds(300); // the first poll timer is set when the job has started
        Assert.All(timers, t => Assert.True(t.FireAt <= deadline, $"A poll timer fires at {t.FireAt:O}, after the maximum duration ends at {deadline:O}."));
    }

    [Fact]
    public async Task Retrain_StatusPollFails_KeepsPollingAndCompletes()
    {
        var fake = new FakePipeline
        {
            Status = (job, poll) => poll switch
            {
                1 or 2 or 3 or 4 => throw new RetrainStepException("ssh: connect to host vm1: Connection timed out"),
                _ => new TrainingJobState(job.JobId, TrainingJobPhase.Succeeded, 0),
            },
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var result = RetrainTestHost.ResultOf(await host.RunAsync());

        Assert.True(result.Promoted);
        Assert.Equal(0, fake.CountOf(RetrainSteps.CancelTraining));
    }

    [Fact]
    public async Task Retrain_TrainingExitsNonZero_FailsWithTheExitCodeAndDoesNotCancel()
    {
        var fake = new FakePipeline
        {
            Status = (job, _) => new TrainingJobState(job.JobId, TrainingJobPhase.Failed, 3, LastLogLines: ["Traceback ...", "ValueError: no rows"]),
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var failure = RetrainTestHost.FailureOf(await host.RunAsync());

        Assert.Contains("at Wait (target vm1, job retrain-iris-", failure, StringComparison.Ordinal);
        Assert.Contains("training failed with exit code 3: last log line: ValueError: no rows", failure, StringComparison.Ordinal);
        Assert.Equal(0, fake.CountOf(RetrainSteps.CancelTraining));
        Assert.Equal(0, fake.CountOf(RetrainSteps.RegisterModel));
    }

    private static async Task<RetrainStatus> WaitForStatusAsync(RetrainTestHost host, string id, Func<RetrainStatus, bool> condition)
    {
        RetrainStatus? status = null;
        await Infrastructure.Eventually.TrueAsync(
            async () =>
            {
                var instance = await host.Client.GetInstanceAsync(id);
                status = instance?.CustomStatus is null ? null : RetrainTestHost.StatusOf(instance);
                return status is not null && condition(status);
            },
            "the run's custom status");
        return status!;
    }
}
