namespace EdgeFlows.Activities.Training;

/// <summary>Chooses the <see cref="ITrainingRunner"/> for a target by its <see cref="TrainingTarget.Kind"/>.</summary>
public sealed class TrainingRunnerResolver
{
    private readonly Dictionary<string, ITrainingRunner> _runners;

    /// <summary>Creates a resolver over the registered runners (one per kind).</summary>
    /// <exception cref="ArgumentException">Two runners claim the same kind.</exception>
    public TrainingRunnerResolver(IEnumerable<ITrainingRunner> runners)
    {
        ArgumentNullException.ThrowIfNull(runners);
        _runners = new Dictionary<string, ITrainingRunner>(StringComparer.OrdinalIgnoreCase);
        foreach (var runner in runners)
        {
            if (!_runners.TryAdd(runner.Kind, runner))
            {
                throw new ArgumentException($"Two training runners handle kind '{runner.Kind}'.", nameof(runners));
            }
        }
    }

    /// <summary>The kinds a runner is registered for.</summary>
    public IReadOnlyCollection<string> Kinds => _runners.Keys;

    /// <summary>The runner for <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException">No runner handles the target's kind.</exception>
    public ITrainingRunner Resolve(TrainingTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _runners.TryGetValue(target.Kind ?? string.Empty, out var runner)
            ? runner
            : throw new ArgumentException(
                $"Training target '{target.Name}' has kind '{target.Kind}', which no runner handles (known: {string.Join(", ", _runners.Keys)}).",
                nameof(target));
    }
}
