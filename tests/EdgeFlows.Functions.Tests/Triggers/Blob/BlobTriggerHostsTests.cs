// Exactly once across hosts and restarts: each blob version is reported once, and starts
// one run, however many hosts watch the container and whenever they stop.
using EdgeFlows.Durable;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Functions.Tests.Infrastructure;
using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Tests.Triggers.Blob;

public sealed class BlobTriggerHostsTests
{
    private sealed class CountRun : TaskOrchestrator<DatasetSnapshot, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, DatasetSnapshot input) => Task.FromResult(input.BlobCount);
    }

    private static void Register(DurableRuntimeBuilder runtime) => runtime.AddOrchestrator<CountRun>();

    private static Task<TriggerTestHost> StartAsync(TestContainer container, string databasePath, Action<BlobTriggerOptions>? tune = null) =>
        TriggerTestHost.StartAsync(
            o =>
            {
                o.Watches.Add(TriggerTestHost.Watch(container.Name, nameof(CountRun), DatasetReadiness.Marker));
                tune?.Invoke(o);
            },
            Register,
            databasePath);

    [Fact]
    public async Task BlobTrigger_TwoHostsOnOneStore_EachVersionReportedOnceAndOneRunHoldsThemAll()
    {
        using var directory = new TempDirectory();
        await using var container = await TestContainer.CreateAsync();
        await using var first = await StartAsync(container, directory.File("store.db"));
        await using var second = await StartAsync(container, directory.File("store.db"), o => o.MaxBlobsPerEvent = 3);

        var names = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            names.Add($"training-data/sales/part-{i:D4}.csv");
            await container.UploadAsync(names[^1]);
        }

        names.Add("training-data/sales/_SUCCESS");
        await container.UploadAsync(names[^1], string.Empty);
        var run = Assert.Single(await first.WaitForCompletedRunsAsync(nameof(CountRun), 1));
        await first.Observer.WaitForScansAsync(5);
        await second.Observer.WaitForScansAsync(5);

        var reported = first.Observer.Reported.Concat(second.Observer.Reported).Select(r => r.Blob.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), reported.Order(StringComparer.Ordinal));
        Assert.Equal(names.Order(StringComparer.Ordinal), run.Snapshot.Blobs.Select(b => b.Name));
        Assert.Single(await second.RunsAsync(nameof(CountRun)));
    }

    [Fact]
    public async Task BlobTrigger_RestartBetweenDetectionAndRun_NoDuplicateAndNoLoss()
    {
        using var directory = new TempDirectory();
        await using var container = await TestContainer.CreateAsync();
        var etags = new Dictionary<string, string>();
        await using (var before = await StartAsync(container, directory.File("store.db")))
        {
            etags["training-data/sales/a.csv"] = await container.UploadAsync("training-data/sales/a.csv");
            etags["training-data/sales/b.csv"] = await container.UploadAsync("training-data/sales/b.csv");
            await Eventually.TrueAsync(() => before.Observer.Reported.Count == 2, "both blobs to be reported");
        }

        await using var after = await StartAsync(container, directory.File("store.db"));
        etags["training-data/sales/_SUCCESS"] = await container.UploadAsync("training-data/sales/_SUCCESS", string.Empty);
        var run = Assert.Single(await after.WaitForCompletedRunsAsync(nameof(CountRun), 1));
        await after.Observer.WaitForScansAsync(5);

        Assert.Equal(["training-data/sales/_SUCCESS"], after.Observer.Reported.Select(r => r.Blob.Name));
        Assert.Equal(etags.OrderBy(e => e.Key, StringComparer.Ordinal).ToList(), run.Snapshot.Blobs.Select(b => KeyValuePair.Create(b.Name, b.ETag)));
        Assert.Single(await after.RunsAsync(nameof(CountRun)));
    }

    [Fact]
    public async Task BlobTrigger_WatchWithAWrongKey_OtherWatchStillRuns()
    {
        await using var container = await TestContainer.CreateAsync();
        await using var refused = await TestContainer.CreateAsync("refused");
        await using var host = await TriggerTestHost.StartAsync(
            o =>
            {
                var broken = TriggerTestHost.Watch(refused.Name, nameof(CountRun), DatasetReadiness.Marker);
                broken.ConnectionString = Azurite.ConnectionStringWithWrongKey;
                o.Watches.Add(broken);
                o.Watches.Add(TriggerTestHost.Watch(container.Name, nameof(CountRun), DatasetReadiness.Marker));
            },
            Register);

        await refused.UploadAsync("training-data/sales/a.csv");
        await refused.UploadAsync("training-data/sales/_SUCCESS", string.Empty);
        await container.UploadAsync("training-data/sales/a.csv");
        await container.UploadAsync("training-data/sales/_SUCCESS", string.Empty);
        var run = Assert.Single(await host.WaitForCompletedRunsAsync(nameof(CountRun), 1));
        await host.Observer.WaitForScansAsync(5);

        Assert.Equal(container.Name, run.Snapshot.Container);
        Assert.All(host.Observer.Reported, r => Assert.Equal("sales", r.Dataset));
        Assert.Equal(2, host.Observer.Reported.Count);
    }
}
