namespace EdgeFlows.Durable;

/// <summary>The runtime's view of an orchestrator: untyped input and output.</summary>
public interface ITaskOrchestrator
{
    /// <summary>The type of the orchestrator's input.</summary>
    Type InputType { get; }

    /// <summary>Runs the orchestrator with a deserialized input.</summary>
    Task<object?> RunAsync(OrchestrationContext context, object? input);
}

/// <summary>
/// Base class for orchestrators. A new instance is created for every execution (and every
/// replay from scratch), so fields hold only per-execution state.
/// </summary>
/// <typeparam name="TInput">Input type.</typeparam>
/// <typeparam name="TOutput">Output type.</typeparam>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    /// <inheritdoc />
    public Type InputType => typeof(TInput);

    /// <summary>The orchestration's logic. Must be deterministic; see <see cref="OrchestrationContext"/>.</summary>
    public abstract Task<TOutput> RunAsync(OrchestrationContext context, TInput input);

#pragma warning disable CA2007 // Orchestrator code must resume on the orchestration's own scheduler.
    async Task<object?> ITaskOrchestrator.RunAsync(OrchestrationContext context, object? input) =>
        await RunAsync(context, input is null ? default! : (TInput)input);
#pragma warning restore CA2007
}
