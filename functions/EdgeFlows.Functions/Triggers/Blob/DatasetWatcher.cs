// One coordinator orchestration per dataset. The blob trigger reports new blob versions to it
// (BlobsChanged); it gathers them until the dataset is ready (marker or quiet period), runs
// the configured orchestration as a sub-orchestration, and continues as new. Events that
// arrive during a run are not awaited, so continue-as-new carries them to the next execution,
// where they start the next run: none is lost, and runs of one dataset never overlap.
#pragma warning disable CA2007 // Orchestrator code resumes on the orchestration's own scheduler.
using EdgeFlows.Durable;

namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>Coordinates the runs of one dataset; instance id from <see cref="InstanceIdFor"/>.</summary>
public sealed class DatasetWatcher : TaskOrchestrator<DatasetWatcherState, object?>
{
    /// <summary>The orchestrator's registered name.</summary>
    public const string Name = nameof(DatasetWatcher);

    /// <summary>
    /// Events taken in one execution before continuing as new, so the history of a watcher
    /// that waits long for its marker stays bounded.
    /// </summary>
    public const int MaxEventsPerExecution = 20;

    /// <summary>The watcher's instance id for a watch and dataset: <c>dataset:{watch}:{dataset}</c>.</summary>
    public static string InstanceIdFor(string watch, string dataset) => $"dataset:{watch}:{dataset}";

    /// <inheritdoc />
    public override async Task<object?> RunAsync(OrchestrationContext context, DatasetWatcherState input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var state = input;
        context.SetCustomStatus(DatasetWatcherStatus.From(state, running: null));
        for (var events = 0; events < MaxEventsPerExecution; events++)
        {
            if (state.ReadyReason(context.CurrentUtcDateTime) is { } reason)
            {
                state = await RunAsync(context, state, reason);
                break;
            }

            var changed = await NextChangeAsync(context, state);
            if (changed is null)
            {
                continue; // the quiet period ended; ReadyReason now says so
            }

            state = state.Merge(changed, context.CurrentUtcDateTime);
            context.SetCustomStatus(DatasetWatcherStatus.From(state, running: null));
        }

        // After a run, or after many events: a fresh history, with the events that arrived
        // meanwhile (not awaited) carried over.
        context.ContinueAsNew(state, preserveUnprocessedEvents: true);
        return null;
    }

    /// <summary>The next event, or null when the quiet period ends first.</summary>
    private static async Task<BlobsChanged?> NextChangeAsync(OrchestrationContext context, DatasetWatcherState state)
    {
        if (state.QuietUntil is not { } quietUntil || !state.HasPending)
        {
            return await context.WaitForExternalEvent<BlobsChanged>(BlobsChanged.EventName);
        }

        using var race = new CancellationTokenSource();
        var timer = context.CreateTimer(quietUntil, race.Token);
        var next = context.WaitForExternalEvent<BlobsChanged>(BlobsChanged.EventName, cancellationToken: race.Token);
        var first = await Task.WhenAny(timer, next);

        // The loser is cancelled at once, on the orchestration's thread (CancelAsync would run
        // the callbacks elsewhere): a forgotten event waiter would swallow the next event.
#pragma warning disable CA1849
        race.Cancel();
#pragma warning restore CA1849
        return first == next ? await next : null;
    }

    private static async Task<DatasetWatcherState> RunAsync(OrchestrationContext context, DatasetWatcherState state, string reason)
    {
        var policy = state.Policy!;
        var snapshot = state.ToSnapshot(reason);
        // Unique even if the watcher is replaced and counts from 1 again; the same on replay.
        var runId = $"{context.InstanceId}:run-{state.Runs + 1}-{context.NewGuid().ToString("N")[..12]}";
        var startedAt = context.CurrentUtcDateTime;
        context.SetCustomStatus(DatasetWatcherStatus.From(state, running: runId));
        string? error = null;
        try
        {
            await context.CallSubOrchestratorAsync(policy.Orchestrator, snapshot, new SubOrchestrationOptions(runId));
        }
        catch (TaskFailedException ex)
        {
            // A failed run is recorded, not fatal: the watcher goes on serving the dataset.
            error = $"{ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}";
        }

        var run = new DatasetRunRecord(runId, policy.Orchestrator, snapshot.BlobCount, snapshot.Fingerprint, startedAt, context.CurrentUtcDateTime, error is null, error);
        var next = state.AfterRun(run);
        context.SetCustomStatus(DatasetWatcherStatus.From(next, running: null));
        return next;
    }
}
