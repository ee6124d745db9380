// The blob-trigger benchmark: a container that already holds M blobs (all reported once as
// the baseline, not counted), then N new blobs uploaded at a steady pace. For each new blob,
// detection latency = its upload completing → its BlobsChanged event committed in the store
// (taken from the trigger's IBlobTriggerObserver hook, on the same clock as the uploads).
using System.Diagnostics;
using System.Globalization;
using EdgeFlows.Activities.Storage;
using EdgeFlows.Durable;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Functions.Triggers.Blob;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Bench.BlobTrigger;

/// <summary>Runs the blob-trigger scenario.</summary>
public static class BlobTriggerBenchmark
{
    private const string Target = "BenchRun";
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);

    /// <summary>A run the trigger starts; it does nothing, so runs cost the host almost nothing.</summary>
    private sealed class BenchRun : TaskOrchestrator<DatasetSnapshot, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, DatasetSnapshot input) => Task.FromResult(input.BlobCount);
    }

    /// <summary>Runs the benchmark and returns what it measured.</summary>
    public static async Task<BlobTriggerBenchmarkResult> RunAsync(BlobTriggerBenchmarkOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var progress = options.Progress ?? (_ => { });
        await using var azurite = options.Connection is null ? await AzuriteProcess.StartAsync(cancellationToken) : null;
        var connection = options.Connection ?? azurite!.ConnectionString;
        var client = new BlobStorageClient(connection);
        var container = options.Container ?? $"bench-{Guid.NewGuid():N}"[..32];
        await client.CreateContainerIfNotExistsAsync(container, cancellationToken);
        try
        {
            return await MeasureAsync(options, connection, client, container, azurite is not null, progress, cancellationToken);
        }
        finally
        {
            if (options.Container is null && azurite is null)
            {
                await client.DeleteContainerIfExistsAsync(container, CancellationToken.None);
            }
        }
    }

    private static async Task<BlobTriggerBenchmarkResult> MeasureAsync(
        BlobTriggerBenchmarkOptions options, string connection, BlobStorageClient client, string container, bool ownAzurite, Action<string> progress, CancellationToken cancellationToken)
    {
        var uploader = new BenchUploader(client, container, progress);
        var present = await uploader.CountAsync(cancellationToken);
        var setup = Stopwatch.StartNew();
        if (present < options.Existing)
        {
            progress($"uploading {options.Existing - present} existing blobs ({present} present)");
            await uploader.UploadExistingAsync(present, options.Existing, options.Datasets, cancellationToken);
        }

        var setupSeconds = present < options.Existing ? setup.Elapsed.TotalSeconds : 0;
        var pattern = BlobPathPattern.Parse(options.WatchPattern);
        var containerBlobs = Math.Max(present, options.Existing);
        var watched = pattern.ListPrefix == "training-data/" ? containerBlobs : await uploader.CountAsync(cancellationToken, pattern.ListPrefix);
        var directory = Directory.CreateTempSubdirectory("edgeflows-bench-trigger-").FullName;
        var recorder = new ReportRecorder();
        var triggerOptions = new BlobTriggerOptions();
        using var host = BuildHost(options, connection, container, Path.Combine(directory, "store.db"), recorder, o => triggerOptions = o);
        try
        {
            var baseline = Stopwatch.StartNew();
            await host.StartAsync(cancellationToken);
            progress("trigger started; waiting for it to report the existing blobs (the baseline)");
            var existing = await WaitForBaselineAsync(recorder, watched, options.Timeout, cancellationToken);
            var baselineSeconds = baseline.Elapsed.TotalSeconds;
            progress($"baseline: {existing} blobs reported in {baselineSeconds:F1} s; uploading {options.Blobs} new blobs at {options.UploadRate}/s");

            var names = NewBlobNames(options, pattern);
            var measureStarted = DateTimeOffset.UtcNow;
            var uploaded = await uploader.UploadPacedAsync(names, options.UploadRate, cancellationToken);
            await WaitForReportsAsync(recorder, names, options.Timeout, cancellationToken);
            var measureEnded = DateTimeOffset.UtcNow;

            // A few more polls, so a duplicate report would show.
            var scansSoFar = recorder.Scans.Count;
            await WaitUntilAsync(() => recorder.Scans.Count >= scansSoFar + 3, options.Timeout, "three more polls", cancellationToken);
            return Summarize(options, recorder, names, uploaded, existing, triggerOptions, ownAzurite, setupSeconds, baselineSeconds, measureStarted, measureEnded) with
            {
                ContainerBlobs = containerBlobs,
                WatchedPrefix = pattern.ListPrefix,
            };
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }

    private static IHost BuildHost(
        BlobTriggerBenchmarkOptions options, string connection, string container, string database, ReportRecorder recorder, Action<BlobTriggerOptions> capture)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IBlobTriggerObserver>(recorder);
        builder.Services.AddDurableRuntime(runtime =>
        {
            runtime.UseSqlite(o => o.DataSource = database);
            runtime.AddOrchestrator<BenchRun>(Target);
            runtime.AddBlobTrigger(new ConfigurationBuilder().Build(), o =>
            {
                o.PollInterval = options.PollInterval;
                o.MaxPollInterval = options.MaxPollInterval ?? options.PollInterval;
                o.ListConcurrency = options.ListConcurrency ?? o.ListConcurrency;
                o.Watches.Add(new BlobWatchOptions
                {
                    ConnectionString = connection,
                    Container = container,
                    Orchestrator = Target,
                    PathPattern = options.WatchPattern,
                    Readiness = DatasetReadiness.QuietPeriod,
                    QuietPeriod = QuietPeriod,
                });
                capture(o);
            });
        });
        return builder.Build();
    }

    private static List<string> NewBlobNames(BlobTriggerBenchmarkOptions options, BlobPathPattern pattern)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        return [.. Enumerable.Range(0, options.Blobs).Select(i =>
        {
            // Spread: a prime stride visits the datasets in a scattered order.
            var dataset = options.NewDatasets == 0
                ? $"ds{(int)((long)i * 7919 % options.Datasets):D4}"
                : $"new-{tag}-{i % options.NewDatasets:D3}";
            return $"{pattern.DatasetPrefix(dataset)}new-{tag}-{i:D6}.csv";
        })];
    }

    private static async Task<long> WaitForBaselineAsync(ReportRecorder recorder, int expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Done when every existing blob is reported and a later full poll found nothing new.
        long listed = 0;
        await WaitUntilAsync(
            () =>
            {
                var steady = recorder.Scans.LastOrDefault(s => s.Report is { Complete: true, Reported: 0 });
                listed = steady.Report?.ListedBlobs ?? 0;
                return recorder.Reported >= expected && steady.Report is not null && steady.At > DateTimeOffset.MinValue;
            },
            timeout,
            $"the trigger to report the {expected} existing blobs",
            cancellationToken);
        return listed;
    }

    private static Task WaitForReportsAsync(ReportRecorder recorder, IReadOnlyList<string> names, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitUntilAsync(() => names.All(n => recorder.ReportsOf(n).Count > 0), timeout, "every new blob to be reported", cancellationToken, throwOnTimeout: false);

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken, bool throwOnTimeout = true)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                if (throwOnTimeout)
                {
                    throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
                }

                return;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static BlobTriggerBenchmarkResult Summarize(
        BlobTriggerBenchmarkOptions options,
        ReportRecorder recorder,
        IReadOnlyList<string> names,
        IReadOnlyDictionary<string, DateTimeOffset> uploaded,
        long existing,
        BlobTriggerOptions trigger,
        bool ownAzurite,
        double setupSeconds,
        double baselineSeconds,
        DateTimeOffset measureStarted,
        DateTimeOffset measureEnded)
    {
        var latencies = new List<double>();
        int once = 0, twice = 0, missing = 0;
        foreach (var name in names)
        {
            var reports = recorder.ReportsOf(name);
            switch (reports.Count)
            {
                case 0:
                    missing++;
                    continue;
                case 1:
                    once++;
                    break;
                default:
                    twice++;
                    break;
            }

            latencies.Add((reports.Min() - uploaded[name]).TotalMilliseconds);
        }

        var polls = recorder.Scans.Where(s => s.At >= measureStarted && s.At <= measureEnded).Select(s => s.Report).ToList();
        return new BlobTriggerBenchmarkResult
        {
            Blobs = options.Blobs,
            Existing = existing,
            Placement = options.NewDatasets == 0 ? $"spread over {options.Datasets} datasets" : $"{options.NewDatasets} new datasets",
            Storage = ownAzurite ? "azurite (started by the bench, in memory)" : "given connection",
            PollIntervalMs = options.PollInterval.TotalMilliseconds,
            ListConcurrency = trigger.ListConcurrency,
            DetectionMs = LatencySummary.Of(latencies),
            ReportedOnce = once,
            ReportedTwice = twice,
            Missing = missing,
            Polls = new PollSummary(
                polls.Count,
                polls.Count == 0 ? 0 : Math.Round(polls.Average(p => p.ListRequests), 1),
                polls.Count == 0 ? 0 : Math.Round(polls.Average(p => p.ListedBlobs), 1),
                LatencySummary.Of([.. polls.Select(p => p.Duration.TotalMilliseconds)])),
            SetupUploadSeconds = Math.Round(setupSeconds, 1),
            BaselineSeconds = Math.Round(baselineSeconds, 1),
            MeasureSeconds = Math.Round((measureEnded - measureStarted).TotalSeconds, 1),
            Machine = $"{Environment.ProcessorCount} processors, load average {LoadAverage()}",
        };
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
