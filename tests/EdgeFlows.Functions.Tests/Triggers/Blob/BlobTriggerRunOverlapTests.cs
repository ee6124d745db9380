// Blobs that arrive while a dataset's run is running start exactly one run after it.
using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Functions.Tests.Infrastructure;
using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Tests.Triggers.Blob;

public sealed class BlobTriggerRunOverlapTests
{
    /// <summary>A run that lasts until the test raises "Finish" on it.</summary>
    private sealed class HeldRun : TaskOrchestrator<DatasetSnapshot, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, DatasetSnapshot input)
        {
            await context.WaitForExternalEvent<string>("Finish");
            return input.BlobCount;
        }
    }

    /// <summary>A run that fails at once.</summary>
    private sealed class FailingRun : TaskOrchestrator<DatasetSnapshot, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, DatasetSnapshot input) =>
            throw new InvalidOperationException($"training on {input.BlobCount} blobs failed");
    }

    [Fact]
    public async Task BlobTrigger_BlobsArriveDuringARun_ExactlyOneFollowUpRunWithAllOfThem()
    {
        await using var container = await TestContainer.CreateAsync();
        await using var host = await TriggerTestHost.StartAsync(
            o => o.Watches.Add(TriggerTestHost.Watch(container.Name, nameof(HeldRun), DatasetReadiness.Marker)),
            r => r.AddOrchestrator<HeldRun>());
        await container.UploadAsync("training-data/sales/a.csv");
        await container.UploadAsync("training-data/sales/_SUCCESS", string.Empty);
        var first = await WaitForRunningAsync(host, 1);

        // The marker is overwritten too (a new version), as a second upload job would.
        await container.UploadAsync("training-data/sales/b.csv");
        await container.UploadAsync("training-data/sales/c.csv");
        await container.UploadAsync("training-data/sales/_SUCCESS", string.Empty);
        await Eventually.TrueAsync(() => host.Observer.Reported.Count == 5, "the new blobs to be reported");
        await host.Client.RaiseEventAsync(first.InstanceId, "Finish", "go");
        var second = await WaitForRunningAsync(host, 2);
        await host.Client.RaiseEventAsync(second.InstanceId, "Finish", "go");
        var runs = await host.WaitForCompletedRunsAsync(nameof(HeldRun), 2);
        await host.Observer.WaitForScansAsync(5);

        Assert.Equal(2, (await host.RunsAsync(nameof(HeldRun))).Count);
        Assert.Equal(["training-data/sales/_SUCCESS", "training-data/sales/a.csv"], runs[0].Snapshot.Blobs.Select(b => b.Name));
        Assert.Equal(["training-data/sales/_SUCCESS", "training-data/sales/b.csv", "training-data/sales/c.csv"], runs[1].Snapshot.Blobs.Select(b => b.Name));
    }

    [Fact]
    public async Task BlobTrigger_RunFails_WatcherRecordsItAndRunsTheNextChange()
    {
        await using var container = await TestContainer.CreateAsync();
        await using var host = await TriggerTestHost.StartAsync(
            o => o.Watches.Add(TriggerTestHost.Watch(container.Name, nameof(FailingRun), DatasetReadiness.Marker)),
            r => r.AddOrchestrator<FailingRun>());
        await container.UploadAsync("training-data/sales/a.csv");
        await container.UploadAsync("training-data/sales/_SUCCESS", string.Empty);
        await Eventually.TrueAsync(async () => (await host.RunsAsync(nameof(FailingRun))).Any(r => r.Instance.Status == OrchestrationRuntimeStatus.Failed), "a failed run");

        await container.UploadAsync("training-data/sales/_SUCCESS", string.Empty);
        await Eventually.TrueAsync(async () => (await host.RunsAsync(nameof(FailingRun))).Count(r => r.Instance.Status == OrchestrationRuntimeStatus.Failed) == 2, "a second failed run");
        var watcherId = DatasetWatcher.InstanceIdFor(container.Name, "sales");
        var watcher = await WaitForStatusAsync(host, watcherId, (i, s) => s.FailedRuns == 2 && i.Status == OrchestrationRuntimeStatus.Running);

        Assert.Equal("idle", watcher.Status.State);
        Assert.Contains("training on 1 blobs failed", watcher.Status.LastRun!.Error, StringComparison.Ordinal);
    }

    private static async Task<OrchestrationInstance> WaitForRunningAsync(TriggerTestHost host, int count)
    {
        OrchestrationInstance? running = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var runs = await host.RunsAsync(nameof(HeldRun));
                running = runs.Count == count && runs[^1].Instance.Status == OrchestrationRuntimeStatus.Running ? runs[^1].Instance : null;
                return running is not null;
            },
            $"run {count} to be running");
        return running!;
    }

    private static async Task<(OrchestrationInstance Instance, DatasetWatcherStatus Status)> WaitForStatusAsync(
        TriggerTestHost host, string watcherId, Func<OrchestrationInstance, DatasetWatcherStatus, bool> condition)
    {
        (OrchestrationInstance, DatasetWatcherStatus)? found = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var instance = await host.Client.GetInstanceAsync(watcherId);
                var status = instance?.ReadCustomStatusAs<DatasetWatcherStatus>();
                found = status is not null && condition(instance!, status) ? (instance!, status) : null;
                return found is not null;
            },
            $"the status of {watcherId}");
        return found!.Value;
    }
}
