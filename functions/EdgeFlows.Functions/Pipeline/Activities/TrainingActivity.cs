// The base of the activities that talk to a training target: resolves the named target from
// configuration (history holds only its name) and its runner, maps the runner's status to the
// run's history-safe TrainingJobState (log lines redacted), and marks as refusals the target
// failures retrying cannot fix (a changed host key, a refused key, a target that cannot run jobs).
using EdgeFlows.Activities.Training;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline.Activities;

/// <summary>A pipeline activity over a training target's runner.</summary>
/// <typeparam name="TInput">The step's input.</typeparam>
/// <typeparam name="TOutput">The step's output.</typeparam>
public abstract class TrainingActivity<TInput, TOutput>(
    IOptions<RetrainPipelineOptions> options, TrainingRunnerResolver runners, SecretRedactor redactor, ILogger logger)
    : RetrainActivity<TInput, TOutput>(redactor, logger)
{
    /// <summary>The pipeline's options.</summary>
    protected RetrainPipelineOptions Options => options.Value;

    /// <summary>The named target and its runner.</summary>
    /// <exception cref="RetrainStepRefusedException">No enabled target has this name.</exception>
    protected (TrainingTarget Target, TrainingTargetOptions Settings, ITrainingRunner Runner) Resolve(string name)
    {
        if (!options.Value.Targets.TryGetValue(name, out var settings) || !settings.Enabled)
        {
            throw new RetrainStepRefusedException($"The training target '{name}' is not configured or not enabled (EdgeFlows:Targets).");
        }

        var target = settings.ToTarget(name);
        return (target, settings, runners.Resolve(target));
    }

    /// <summary>The runner's status as the run records it: log lines cut to <paramref name="logLines"/> and redacted.</summary>
    protected TrainingJobState Map(TrainingJobStatus status, int logLines)
    {
        ArgumentNullException.ThrowIfNull(status);
        var lines = status.LastLogLines ?? [];
        return new TrainingJobState(
            status.JobId,
            status.Phase,
            status.ExitCode,
            status.StartedAt,
            status.FinishedAt,
            status.TrainingSeconds,
            Redactor.Redact(lines.Skip(Math.Max(0, lines.Count - logLines))),
            Redactor.Redact(status.Error));
    }

    /// <inheritdoc />
    protected override bool IsRefusal(Exception exception) =>
        exception is TrainingTargetException { IsTransient: false } || base.IsRefusal(exception);
}
