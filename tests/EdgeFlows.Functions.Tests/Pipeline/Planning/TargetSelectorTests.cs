using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Steps;
using EdgeFlows.Functions.Tests.Pipeline.Orchestration;

namespace EdgeFlows.Functions.Tests.Pipeline.Planning;

public sealed class TargetSelectorTests
{
    private static readonly RecipePlan Recipe = FakePipeline.DefaultPlan("job").Recipe;

    [Fact]
    public void Choose_FitTargetsWithEqualLoad_PrefersMoreAvailableMemory()
    {
        var choice = TargetSelector.Choose([FakePipeline.FitReport("a", memory: 4L << 30), FakePipeline.FitReport("b", memory: 8L << 30)], Recipe);

        Assert.Equal("b", choice.Target);
    }

    [Fact]
    public void Choose_FitTargetsAllEqual_PrefersTheFirst()
    {
        var choice = TargetSelector.Choose([FakePipeline.FitReport("b"), FakePipeline.FitReport("a")], Recipe);

        Assert.Equal("b", choice.Target);
    }

    [Fact]
    public void Choose_FewerRunningJobs_BeatsMoreMemory()
    {
        var choice = TargetSelector.Choose([FakePipeline.FitReport("a", runningJobs: 1, memory: 64L << 30), FakePipeline.FitReport("b", memory: 2L << 30)], Recipe);

        Assert.Equal("b", choice.Target);
    }

    [Fact]
    public void Choose_NoneFit_GivesEachTargetsReasons()
    {
        var reports = new[]
        {
            TargetReport.Unreachable("a", "Host key verification failed"),
            FakePipeline.FitReport("b") with { MemoryAvailableBytes = 512L << 20, RunningJobs = 2 },
        };

        var choice = TargetSelector.Choose(reports, Recipe with { NeedsGpu = true });

        Assert.Null(choice.Target);
        Assert.Equal(
            [
                "a: unreachable (Host key verification failed)",
                "b: 512 MiB memory available, the recipe needs 1 GiB; no GPU, the recipe needs one; busy (2 running jobs of at most 2)",
            ],
            choice.Reasons);
    }

    [Fact]
    public void WhyUnfit_GpuAndDockerPresent_IsNull()
    {
        var report = FakePipeline.FitReport("a") with { GpuCount = 1, ContainerRuntime = "podman" };

        Assert.Null(TargetSelector.WhyUnfit(report, Recipe with { NeedsGpu = true, NeedsDocker = true }));
    }
}
