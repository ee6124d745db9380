// The client API: start, query and manage orchestration instances. Works in the same
// process as a worker or anywhere else that reaches the same store.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Telemetry;

namespace EdgeFlows.Durable.Client;

/// <summary>Starts and manages orchestration instances. Thread-safe.</summary>
public sealed class DurableClient
{
    /// <summary>Longest instance id, as Durable Functions allows.</summary>
    public const int MaxInstanceIdLength = 256;

    private static readonly char[] ForbiddenIdCharacters = ['/', '\\', '#', '?'];
    private readonly IOrchestrationStore _store;
    private readonly DataConverter _converter;
    private readonly OrchestrationRegistry? _registry;
    private readonly DurableRuntimeOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a client over a store.</summary>
    /// <param name="store">The store.</param>
    /// <param name="converter">Serializes payloads and enforces the size limit.</param>
    /// <param name="options">Runtime options (purge batch size).</param>
    /// <param name="registry">When given and not empty, start requests for unknown orchestrator names are refused at once.</param>
    /// <param name="timeProvider">The clock; the system clock by default.</param>
    public DurableClient(IOrchestrationStore store, DataConverter converter, DurableRuntimeOptions options, OrchestrationRegistry? registry = null, TimeProvider? timeProvider = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _converter = converter ?? throw new ArgumentNullException(nameof(converter));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _registry = registry;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Starts an orchestration and returns its instance id.</summary>
    /// <exception cref="ArgumentException">Unknown orchestrator, bad instance id, or an input that cannot be serialized.</exception>
    /// <exception cref="PayloadTooLargeException">The input is over the payload limit.</exception>
    /// <exception cref="OrchestrationAlreadyExistsException">The id exists and the reuse policy does not allow it.</exception>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string name, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new StartOrchestrationOptions();
        var instanceId = options.InstanceId ?? Guid.NewGuid().ToString("N");
        await StartAsync(name, instanceId, input, options, cancellationToken).ConfigureAwait(false);
        return instanceId;
    }

    /// <summary>
    /// Starts an orchestration as <paramref name="instanceId"/> unless an instance with that id
    /// exists, which is left as it is. True when this call created it: of several callers
    /// (hosts) starting the same id at once, exactly one gets true.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown orchestrator, bad instance id, or an input that cannot be serialized.</exception>
    /// <exception cref="PayloadTooLargeException">The input is over the payload limit.</exception>
    public Task<bool> TryScheduleNewOrchestrationInstanceAsync(string name, string instanceId, object? input = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        return StartAsync(name, instanceId, input, new StartOrchestrationOptions(instanceId, ReusePolicy: OrchestrationIdReusePolicy.SkipIfExists), cancellationToken);
    }

    private async Task<bool> StartAsync(string name, string instanceId, object? input, StartOrchestrationOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_registry is { OrchestratorNames.Count: > 0 } && !_registry.HasOrchestrator(name))
        {
            throw new ArgumentException($"No orchestrator named '{name}' is registered (registered: {string.Join(", ", _registry.OrchestratorNames)}).", nameof(name));
        }

        ValidateInstanceId(instanceId);
        var json = _converter.Serialize(input, $"input of orchestration '{name}'");
        await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);

        using var span = DurableTelemetry.Source.StartActivity($"start orchestration {name}", ActivityKind.Producer);
        span?.SetTag("edgeflows.instance_id", instanceId);
        var started = new ExecutionStarted(
            _time.GetUtcNow().UtcDateTime, name, instanceId, Guid.NewGuid().ToString("N"), json, TraceParent: DurableTelemetry.CurrentTraceParent());
        return await _store.CreateInstanceAsync(new NewOrchestration(started, options.StartAt?.ToUniversalTime()), options.ReusePolicy, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The instance's state, or null when there is none.</summary>
    public async Task<OrchestrationInstance?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _store.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The history of the instance's current execution.</summary>
    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _store.GetHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of instances matching the query, newest first.</summary>
    public async Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _store.QueryInstancesAsync(query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every instance matching the query, fetched a page at a time.</summary>
    public async IAsyncEnumerable<OrchestrationInstance> GetAllInstancesAsync(InstanceQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = query;
        while (true)
        {
            var result = await QueryInstancesAsync(page, cancellationToken).ConfigureAwait(false);
            foreach (var instance in result.Items)
            {
                yield return instance;
            }

            if (result.ContinuationToken is null)
            {
                yield break;
            }

            page = page with { ContinuationToken = result.ContinuationToken };
        }
    }

    /// <summary>Sends an external event; the orchestrator receives it with <c>WaitForExternalEvent</c>.</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="InvalidOperationException">The instance has finished.</exception>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventData = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        if (eventName.Length > MaxInstanceIdLength)
        {
            throw new ArgumentException($"The event name is longer than {MaxInstanceIdLength} characters.", nameof(eventName));
        }

        var json = _converter.Serialize(eventData, $"payload of event '{eventName}'");
        return SendAsync(instanceId, new EventRaised(Now, eventName, json), cancellationToken);
    }

    /// <summary>Ends an instance at its next turn with status Terminated; running activities are not interrupted.</summary>
    public Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, new ExecutionTerminated(Now, reason), cancellationToken);

    /// <summary>Pauses an instance: events and results are kept, not acted on, until it is resumed.</summary>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, new ExecutionSuspended(Now, reason), cancellationToken);

    /// <summary>Resumes a suspended instance.</summary>
    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, new ExecutionResumed(Now, reason), cancellationToken);

    /// <summary>Deletes a finished instance and its history; false when there was none.</summary>
    /// <exception cref="InvalidOperationException">The instance has not finished.</exception>
    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _store.PurgeInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes every finished instance matching the filter, in batches of
    /// <see cref="DurableRuntimeOptions.PurgeBatchSize"/> so running work is never starved.
    /// </summary>
    /// <returns>How many instances were deleted.</returns>
    public async Task<int> PurgeInstancesAsync(PurgeFilter filter, CancellationToken cancellationToken = default)
    {
        await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var total = 0;
        int deleted;
        do
        {
            deleted = await _store.PurgeInstancesBatchAsync(filter, _options.PurgeBatchSize, cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == _options.PurgeBatchSize);

        return total;
    }

    /// <summary>
    /// Starts the instance again with its original input: under the same id when it has
    /// finished, or under a new id.
    /// </summary>
    /// <returns>The id of the restarted instance.</returns>
    public async Task<string> RestartInstanceAsync(string instanceId, bool restartWithNewInstanceId, CancellationToken cancellationToken = default)
    {
        var instance = await GetInstanceAsync(instanceId, true, cancellationToken).ConfigureAwait(false)
            ?? throw new OrchestrationNotFoundException(instanceId);
        var newId = restartWithNewInstanceId ? Guid.NewGuid().ToString("N") : instanceId;
        var started = new ExecutionStarted(Now, instance.Name, newId, Guid.NewGuid().ToString("N"), instance.Input, TraceParent: DurableTelemetry.CurrentTraceParent());
        var policy = restartWithNewInstanceId ? OrchestrationIdReusePolicy.Error : OrchestrationIdReusePolicy.ReplaceIfFinished;
        await _store.CreateInstanceAsync(new NewOrchestration(started), policy, cancellationToken).ConfigureAwait(false);
        return newId;
    }

    /// <summary>Waits until the instance has finished (polling with back-off up to 1 s) and returns it.</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    public async Task<OrchestrationInstance> WaitForInstanceCompletionAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var instance = await GetInstanceAsync(instanceId, true, cancellationToken).ConfigureAwait(false)
                ?? throw new OrchestrationNotFoundException(instanceId);
            if (instance.Status.IsTerminal())
            {
                return instance;
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond));
        }
    }

    /// <summary>Checks an instance id: not empty, at most 256 characters, no control characters or <c>/ \ # ?</c>.</summary>
    /// <exception cref="ArgumentException">The id is not valid.</exception>
    public static void ValidateInstanceId(string instanceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        if (instanceId.Length > MaxInstanceIdLength)
        {
            throw new ArgumentException($"The instance id is {instanceId.Length} characters long; at most {MaxInstanceIdLength} are allowed.", nameof(instanceId));
        }

        if (instanceId.IndexOfAny(ForbiddenIdCharacters) >= 0 || instanceId.Any(char.IsControl))
        {
            throw new ArgumentException("The instance id must not contain control characters or any of / \\ # ?.", nameof(instanceId));
        }
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private async Task SendAsync(string instanceId, HistoryEvent message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _store.SendMessageAsync(instanceId, message, cancellationToken).ConfigureAwait(false);
    }
}
