// Wraps one of the pipeline's real activities: after the activity has done its work (its
// effect on the target, the registry, the image registry or a webhook happened), and before
// its result is committed, it says so on stdout, and the first time for the step named by
// --pause-after it waits for ever. The test kills the host right there: the worst moment,
// when the effect happened and the runtime has no record of it, so the call runs again.
using EdgeFlows.Durable;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Functions.PipelineHost;

/// <summary>Runs <typeparamref name="TActivity"/>, then reports and maybe pauses.</summary>
/// <typeparam name="TActivity">The real activity.</typeparam>
public sealed class PausingActivity<TActivity>(IServiceProvider services, PausePoint pause) : ITaskActivity
    where TActivity : class, ITaskActivity
{
    private readonly TActivity _activity = services.GetRequiredService<TActivity>();

    /// <inheritdoc />
    public Type InputType => _activity.InputType;

    /// <inheritdoc />
    public async Task<object?> RunAsync(TaskActivityContext context, object? input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await _activity.RunAsync(context, input, cancellationToken);
        Progress.Write(Progress.Effect, context.Name, context.InstanceId);
        await pause.MaybePauseAsync(context.Name, cancellationToken);
        return result;
    }
}

/// <summary>Where the host pauses: after the first completed call of one step, once across restarts (a marker file remembers).</summary>
/// <param name="step">The step to pause after, or null.</param>
/// <param name="marker">The marker file that says the pause happened.</param>
public sealed class PausePoint(string? step, string marker)
{
    private int _paused;

    /// <summary>Waits for ever if this is the step and the pause has not happened yet.</summary>
    public async Task MaybePauseAsync(string name, CancellationToken cancellationToken)
    {
        if (step is null || !string.Equals(name, step, StringComparison.OrdinalIgnoreCase) || File.Exists(marker)
            || Interlocked.Exchange(ref _paused, 1) == 1)
        {
            return;
        }

        await File.WriteAllTextAsync(marker, name, cancellationToken);
        Progress.Write(Progress.Paused, name);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
