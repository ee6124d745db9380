using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Durable.Hosting;

/// <summary>
/// The orchestrators and activities this host can run, by name (case-insensitive). Filled
/// by <c>AddOrchestrator</c> / <c>AddActivity</c>; orchestrators are created per execution,
/// activities resolved from DI per call.
/// </summary>
public sealed class OrchestrationRegistry
{
    private readonly Dictionary<string, Type> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Type> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registered orchestrator names.</summary>
    public IReadOnlyCollection<string> OrchestratorNames => _orchestrators.Keys;

    /// <summary>Registered activity names.</summary>
    public IReadOnlyCollection<string> ActivityNames => _activities.Keys;

    /// <summary>Registers an orchestrator type under a name (default: the type name).</summary>
    public void AddOrchestrator(Type type, string? name = null) => Add(_orchestrators, typeof(ITaskOrchestrator), type, name);

    /// <summary>Registers an activity type under a name (default: the type name).</summary>
    public void AddActivity(Type type, string? name = null) => Add(_activities, typeof(ITaskActivity), type, name);

    /// <summary>True when an orchestrator of this name is registered.</summary>
    public bool HasOrchestrator(string name) => _orchestrators.ContainsKey(name);

    /// <summary>Creates the orchestrator, or returns null when the name is unknown.</summary>
    public ITaskOrchestrator? CreateOrchestrator(string name, IServiceProvider services) =>
        _orchestrators.TryGetValue(name, out var type) ? (ITaskOrchestrator)ActivatorUtilities.CreateInstance(services, type) : null;

    /// <summary>Creates the activity in the given scope, or returns null when the name is unknown.</summary>
    public ITaskActivity? CreateActivity(string name, IServiceProvider services) =>
        _activities.TryGetValue(name, out var type) ? (ITaskActivity)ActivatorUtilities.GetServiceOrCreateInstance(services, type) : null;

    private static void Add(Dictionary<string, Type> registry, Type contract, Type type, string? name)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!contract.IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new ArgumentException($"{type.FullName} is not a concrete {contract.Name}.", nameof(type));
        }

        name ??= type.Name;
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (registry.TryGetValue(name, out var existing) && existing != type)
        {
            throw new ArgumentException($"The name '{name}' is already registered for {existing.FullName}.", nameof(name));
        }

        registry[name] = type;
    }
}
