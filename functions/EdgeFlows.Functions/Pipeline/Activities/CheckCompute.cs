using EdgeFlows.Activities.Training;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline.Activities;

/// <summary>
/// The CheckCompute step for one target: its runner's probe (reachable, OS, disk, memory,
/// CPUs, GPUs, container runtime, running jobs). An unreachable or unfit target is a report,
/// not a failure.
/// </summary>
public sealed class CheckCompute(IOptions<RetrainPipelineOptions> options, TrainingRunnerResolver runners, SecretRedactor redactor, ILogger<CheckCompute> logger)
    : TrainingActivity<CheckComputeInput, TargetReport>(options, runners, redactor, logger)
{
    /// <inheritdoc />
    protected override async Task<TargetReport> ExecuteAsync(TaskActivityContext context, CheckComputeInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (target, settings, runner) = Resolve(input.Target);
        var report = await runner.ProbeAsync(target, cancellationToken);
        return new TargetReport(
            input.Target,
            report.IsUsable,
            Redactor.Redact(report.Error),
            report.Os,
            report.FreeDiskBytes ?? 0,
            report.MemoryTotalBytes ?? 0,
            report.MemoryAvailableBytes ?? 0,
            report.CpuCount ?? 0,
            report.Gpus.Count,
            report.ContainerRuntime?.Name,
            report.RunningJobs.Count,
            settings.MaxConcurrentJobs);
    }
}
