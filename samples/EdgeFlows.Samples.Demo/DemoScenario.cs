// What the demo shows: a first delivery of the data set lands in blob storage, the blob
// trigger starts the real Retrain pipeline, and the run goes step by step to a registered,
// judged, packaged and announced model version; then a second delivery (the rest of the rows)
// does the same, and the promotion gate decides between the two versions on their metrics.
using System.Diagnostics;
using EdgeFlows.Samples.Demo.App;
using EdgeFlows.Samples.Demo.Data;
using EdgeFlows.Samples.Demo.Display;
using EdgeFlows.Samples.Demo.Receiver;
using EdgeFlows.Samples.Demo.Watch;

namespace EdgeFlows.Samples.Demo;

/// <summary>The demo's two rounds against a running app.</summary>
public sealed class DemoScenario(
    DemoOptions options, RoundReport report, AppClient app, DatasetUploader uploader, WebhookReceiver receiver, CliWatcher watcher)
{
    /// <summary>How many part files the data set is cut into; the first delivery sends half of them.</summary>
    public const int Parts = 4;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs both rounds; returns 0 when both runs completed and were announced by verified webhooks.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        report.Header();
        var parts = DatasetParts.Split(options.DataPath, Parts);
        // The watched container exists before data lands, as at a real site; the app is ready
        // once it can list it.
        await uploader.CreateContainerAsync(cancellationToken);
        await app.WaitUntilReadyAsync(ReadyTimeout, cancellationToken);

        var first = await RoundAsync(1, "the first delivery", parts.Take(Parts / 2).ToArray(), parts.Take(Parts / 2).Sum(p => p.Rows), cancellationToken);
        if (first is null)
        {
            return 1;
        }

        var second = await RoundAsync(2, "the second delivery, the rest of the rows", parts.Skip(Parts / 2).ToArray(), parts.Sum(p => p.Rows), cancellationToken);
        if (second is null)
        {
            return 1;
        }

        report.Models(await app.ModelVersionsAsync(second.ModelName, cancellationToken));
        report.Done(first, second);
        return 0;
    }

    /// <summary>
    /// Uploads the parts, follows the run they start and checks what it produced; null when
    /// something failed (already reported). <paramref name="rowsStored"/>: the rows under the
    /// dataset's prefix after the upload, which the run trains on.
    /// </summary>
    private async Task<RetrainOutcome?> RoundAsync(int round, string what, IReadOnlyList<DatasetPart> parts, int rowsStored, CancellationToken cancellationToken)
    {
        report.RoundStart(round, what, parts, rowsStored);
        var known = await app.RunIdsAsync(options.Dataset, cancellationToken);
        var clock = Stopwatch.StartNew();
        await uploader.UploadAsync(parts, cancellationToken);
        report.Uploaded(parts.Select(p => (uploader.BlobName(p.Name), (int?)p.Rows)).Append((uploader.BlobName(DatasetUploader.MarkerName), null)));

        var run = await app.WaitForNewRunAsync(options.Dataset, known, options.RunTimeout, cancellationToken);
        var started = await app.GetRunAsync(run.Id, cancellationToken);
        report.RunStarted(run, started.Reason, clock.Elapsed);

        var status = await watcher.WatchAsync(run.Id, options.RunTimeout - clock.Elapsed, cancellationToken);
        if (status.Result is not { } result)
        {
            report.RunFailed(status);
            return null;
        }

        report.Registered(result);
        var ok = true;
        if (result.Promoted)
        {
            ok &= await report.ImageAsync(result, cancellationToken);
        }

        ok &= report.Webhooks(result, receiver.Received.Where(w => w.InstanceId == run.Id).ToArray());
        report.RoundEnd(round, clock.Elapsed);
        return ok ? result : null;
    }
}
