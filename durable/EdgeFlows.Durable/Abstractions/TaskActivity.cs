namespace EdgeFlows.Durable;

/// <summary>What an activity knows about the call it serves.</summary>
/// <param name="Name">The activity's name.</param>
/// <param name="InstanceId">The orchestration instance that scheduled it.</param>
/// <param name="IdempotencyKey">
/// Stable for this scheduled call across redeliveries (after a host crash or a lost lease, the
/// same call runs again with the same key). Use it to make external effects happen once.
/// Each retry of a <see cref="RetryPolicy"/> is a new call with a new key.
/// </param>
/// <param name="Attempt">The retry policy's attempt number, 1 for the first.</param>
/// <param name="DeliveryCount">How many times this call has been handed to a host, 1 for the first.</param>
public sealed record TaskActivityContext(string Name, string InstanceId, string IdempotencyKey, int Attempt, int DeliveryCount);

/// <summary>The runtime's view of an activity: untyped input and output.</summary>
public interface ITaskActivity
{
    /// <summary>The type of the activity's input.</summary>
    Type InputType { get; }

    /// <summary>Runs the activity with a deserialized input.</summary>
    Task<object?> RunAsync(TaskActivityContext context, object? input, CancellationToken cancellationToken);
}

/// <summary>
/// Base class for activities: where I/O happens. Activities run at least once, may run
/// on any host and should be idempotent. Resolved from DI per call, so constructor
/// injection works. The token is cancelled when the host shuts down.
/// </summary>
/// <typeparam name="TInput">Input type.</typeparam>
/// <typeparam name="TOutput">Output type.</typeparam>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    /// <inheritdoc />
    public Type InputType => typeof(TInput);

    /// <summary>The activity's work.</summary>
    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input, CancellationToken cancellationToken);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input, CancellationToken cancellationToken) =>
        await RunAsync(context, input is null ? default! : (TInput)input, cancellationToken).ConfigureAwait(false);
}
