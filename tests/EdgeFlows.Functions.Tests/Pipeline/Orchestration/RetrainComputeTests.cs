using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Steps;

namespace EdgeFlows.Functions.Tests.Pipeline.Orchestration;

/// <summary>The CheckCompute step: fan-out, choice, and waiting for a fit target until the deadline.</summary>
public sealed class RetrainComputeTests
{
    [Fact]
    public async Task Retrain_SeveralFitTargets_TrainsOnTheOneWithFewestRunningJobs()
    {
        var fake = new FakePipeline
        {
            Plan = input => FakePipeline.DefaultPlan(input.JobId, "vm1", "vm2", "vm3"),
            Compute = (target, _) => FakePipeline.FitReport(target, runningJobs: target == "vm2" ? 0 : 1),
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var result = RetrainTestHost.ResultOf(await host.RunAsync());

        Assert.Equal("vm2", result.Target);
        Assert.Equal("vm2", Assert.Single(fake.InputsOf<StartTrainingInput>(RetrainSteps.StartTraining)).Target);
        Assert.Equal(["vm1", "vm2", "vm3"], fake.InputsOf<CheckComputeInput>(RetrainSteps.CheckCompute).Select(c => c.Target).Order());
    }

    [Fact]
    public async Task Retrain_ProbeOfOneTargetFails_TrainsOnAnotherFitTarget()
    {
        var fake = new FakePipeline
        {
            Plan = input => FakePipeline.DefaultPlan(input.JobId, "vm1", "vm2"),
            Compute = (target, _) => target == "vm1" ? throw new RetrainStepException("ssh: connect to host vm1 port 22: Connection refused") : FakePipeline.FitReport(target),
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var result = RetrainTestHost.ResultOf(await host.RunAsync());

        Assert.Equal("vm2", result.Target);
    }

    [Fact]
    public async Task Retrain_NoTargetFitsBeforeTheDeadline_FailsWithTheReasonOfEachTarget()
    {
        var fake = new FakePipeline
        {
            Plan = input => FakePipeline.DefaultPlan(input.JobId, "vm1", "vm2") with { ComputeDeadline = TimeSpan.FromMilliseconds(300), ComputeRecheckInterval = TimeSpan.FromMilliseconds(100) },
            Compute = (target, _) => target == "vm1"
                ? TargetReport.Unreachable("vm1", "connection refused")
                : FakePipeline.FitReport(target) with { FreeDiskBytes = 10L << 20 },
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var instance = await host.RunAsync();

        var failure = RetrainTestHost.FailureOf(instance);
        Assert.Contains("no training target fits recipe 'default'", failure, StringComparison.Ordinal);
        Assert.Contains("vm1: unreachable (connection refused)", failure, StringComparison.Ordinal);
        Assert.Contains("vm2: 10 MiB free disk, the recipe needs 1 GiB", failure, StringComparison.Ordinal);
        Assert.True(fake.CountOf(RetrainSteps.CheckCompute) >= 4, $"Expected the targets to be checked again; {fake.CountOf(RetrainSteps.CheckCompute)} checks.");
        Assert.Equal(0, fake.CountOf(RetrainSteps.StartTraining));
    }

    [Fact]
    public async Task Retrain_TargetBecomesFitWhileWaiting_TrainsThere()
    {
        var fake = new FakePipeline
        {
            Plan = input => FakePipeline.DefaultPlan(input.JobId) with { ComputeDeadline = TimeSpan.FromMinutes(5), ComputeRecheckInterval = TimeSpan.FromMilliseconds(50) },
            Compute = (target, check) => FakePipeline.FitReport(target, runningJobs: check < 3 ? 2 : 0),
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var instance = await host.RunAsync();

        Assert.Equal("vm1", RetrainTestHost.ResultOf(instance).Target);
        Assert.Equal(3, fake.CountOf(RetrainSteps.CheckCompute));
        var timers = (await host.HistoryAsync(instance.InstanceId)).OfType<Durable.History.TimerCreated>().Take(2).ToList();
        Assert.All(timers, t => Assert.Equal(TimeSpan.FromMilliseconds(50), t.FireAt - t.Timestamp));
    }

    [Fact]
    public async Task Retrain_ZeroDeadline_FailsAfterOneCheck()
    {
        var fake = new FakePipeline
        {
            Plan = input => FakePipeline.DefaultPlan(input.JobId) with
            {
                ComputeDeadline = TimeSpan.Zero,
                Recipe = FakePipeline.DefaultPlan(input.JobId).Recipe with { NeedsDocker = true },
            },
            Compute = (target, _) => FakePipeline.FitReport(target) with { ContainerRuntime = null },
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var failure = RetrainTestHost.FailureOf(await host.RunAsync());

        Assert.Contains("vm1: no container runtime, the recipe needs docker", failure, StringComparison.Ordinal);
        Assert.Equal(1, fake.CountOf(RetrainSteps.CheckCompute));
    }
}
