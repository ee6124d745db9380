// What the demo prints around the CLI's step-by-step view. Each fact is one line starting with
// a fixed word (uploaded, started, registered, promoted/rejected, image, checked, webhook), so
// a person can scan it and eng/demo-check.sh can check it. Plain output (a log, CI) writes each
// line as it is, never wrapped.
using System.Globalization;
using EdgeFlows.Samples.Demo.App;
using EdgeFlows.Samples.Demo.Data;
using EdgeFlows.Samples.Demo.Images;
using EdgeFlows.Samples.Demo.Receiver;
using Spectre.Console;

namespace EdgeFlows.Samples.Demo.Display;

/// <summary>Prints the demo's progress and results.</summary>
/// <param name="console">The console (for rules, and for colours on a terminal).</param>
/// <param name="plain">True for a log or CI: facts go to standard output unwrapped and uncoloured.</param>
/// <param name="options">The demo's settings, for the header.</param>
public sealed class RoundReport(IAnsiConsole console, bool plain, DemoOptions options)
{
    private const int LabelValueLimit = 64;

    /// <summary>The demo's title and what it runs against.</summary>
    public void Header()
    {
        console.Write(new Rule("[bold]EdgeFlows demo[/] · retraining where the data lives").LeftJustified());
        Fact("app", $"{options.App} (durable runtime on SQLite, blob trigger, Retrain pipeline, local training target)");
        Fact("data", $"{Paths.Show(options.DataPath)} → container {options.Container}, blobs {options.Dataset}/…, marker {DatasetUploader.MarkerName}");
        Fact("images", options.Registry is { } registry ? $"pushed to the registry {registry}" : $"written to the OCI layout {Paths.Show(options.LayoutFolder ?? "(none)")}");
        Fact("webhooks", $"received by this demo at http://127.0.0.1:{options.ReceiverPort}{options.ReceiverPath}, Standard Webhooks signatures checked");
    }

    /// <summary>A round begins.</summary>
    public void RoundStart(int round, string what, IReadOnlyList<DatasetPart> parts, int rowsStored)
    {
        ArgumentNullException.ThrowIfNull(parts);
        console.WriteLine();
        var rows = parts.Sum(p => p.Rows);
        var stored = rowsStored == rows ? "" : $"; {rowsStored} rows stored in all";
        console.Write(new Rule($"[bold]Round {round}[/] · {Markup.Escape(what)}: {rows} rows in {parts.Count} files{stored}").LeftJustified());
    }

    /// <summary>The blobs written.</summary>
    public void Uploaded(IEnumerable<(string Blob, int? Rows)> blobs)
    {
        foreach (var (blob, rows) in blobs)
        {
            Fact("uploaded", $"{options.Container}/{blob}" + (rows is { } n ? $" ({n} rows)" : " (the marker: the delivery is complete)"));
        }
    }

    /// <summary>The blob trigger started a run.</summary>
    public void RunStarted(RunItem run, string? reason, TimeSpan sinceUpload)
    {
        ArgumentNullException.ThrowIfNull(run);
        Fact("started", $"{run.Id} by the {run.Trigger ?? "?"} trigger (reason: {reason ?? "?"}), {Seconds(sinceUpload)} after the upload began");
    }

    /// <summary>The run failed or was terminated.</summary>
    public void RunFailed(RunStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        Fact("failed", $"run {status.InstanceId} is {status.RuntimeStatus}: {status.Error ?? status.Detail ?? "no reason given"}", "red");
    }

    /// <summary>The version registered, with its metrics and the gate's decision.</summary>
    public void Registered(RetrainOutcome result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Fact("registered", $"model {result.ModelName} version {result.Version}: {Metrics(result.Metrics)}");
        var reason = result.GateReason;
        foreach (var prefix in new[] { "Promoted: ", "Rejected: " })
        {
            reason = reason.StartsWith(prefix, StringComparison.Ordinal) ? reason[prefix.Length..] : reason;
        }

        Fact(result.Promoted ? "promoted" : "rejected", $"version {result.Version}: {reason}", result.Promoted ? "green" : "yellow");
    }

    /// <summary>Prints the image and checks it where the app put it; false when the check failed.</summary>
    public async Task<bool> ImageAsync(RetrainOutcome result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.ImageReference is not { } reference || result.ImageDigest is not { } digest)
        {
            Fact("image", $"version {result.Version} was promoted but the run reports no image", "red");
            return false;
        }

        Fact("image", $"{reference}  image digest {digest}");
        try
        {
            var image = options.Registry is not null
                ? await ImageCheck.InRegistryAsync(reference, digest, cancellationToken)
                : await ImageCheck.InLayoutAsync(options.LayoutFolder ?? throw new InvalidDataException("No layout folder given (--layout)."), digest, cancellationToken);
            Fact("checked", $"{image.Where} holds it, every blob hashes to its digest; {image.Layers} layer(s), {image.LayerBytes:N0} bytes", "green");
            var labels = image.Labels
                .Where(l => !l.Key.StartsWith("org.opencontainers", StringComparison.Ordinal))
                .Select(l => l.Value.Length <= LabelValueLimit ? $"{l.Key}={l.Value}" : $"{l.Key} ({l.Value.Length} characters)");
            Fact("", $"labels: {string.Join(", ", labels)}");
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or HttpRequestException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            Fact("checked", $"the image check failed: {ex.Message}", "red");
            return false;
        }
    }

    /// <summary>The webhook deliveries the app recorded, and what the receiver got; false when one is missing or unverified.</summary>
    public bool Webhooks(RetrainOutcome result, IReadOnlyList<ReceivedWebhook> received)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(received);
        if (result.Webhooks.Count == 0)
        {
            Fact("webhook", "the run reports no webhook delivery", "red");
            return false;
        }

        var ok = true;
        foreach (var delivery in result.Webhooks)
        {
            var copy = received.FirstOrDefault(r => r.Id == delivery.EventId);
            if (!delivery.Delivered || copy is null)
            {
                Fact("webhook", $"{delivery.Webhook}: {delivery.Kind} event {delivery.EventId} " +
                    (delivery.Delivered ? "reported delivered, but this receiver has no copy" : $"not delivered: {delivery.Error}"), "red");
                ok = false;
            }
            else if (!copy.Verified)
            {
                Fact("webhook", $"{copy.Type ?? delivery.Kind} event {copy.Id} arrived with a bad signature: {copy.Rejection}", "red");
                ok = false;
            }
            else
            {
                Fact("webhook", $"{copy.Type} for {copy.Subject} received, signature verified (Standard Webhooks v1, HMAC-SHA256); " +
                    $"event id {copy.Id}" + (copy.Copies > 1 ? $", {copy.Copies} copies de-duplicated" : ""), "green");
            }
        }

        return ok;
    }

    /// <summary>A round ends.</summary>
    public void RoundEnd(int round, TimeSpan elapsed) => Fact("", $"round {round} took {Seconds(elapsed)} from upload to webhook", "grey");

    /// <summary>The registry's versions of the model.</summary>
    public void Models(IReadOnlyList<ModelVersionItem> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        console.WriteLine();
        console.Write(new Rule("[bold]The model registry[/]").LeftJustified());
        foreach (var v in versions.OrderBy(v => v.Version))
        {
            Fact("version", $"{v.Name} {v.Version}: {v.Stage}, {Metrics(v.Metrics ?? new Dictionary<string, double>())}" + (v.ImageReference is { } image ? $"; image {image}" : ""));
        }
    }

    /// <summary>The closing line.</summary>
    public void Done(RetrainOutcome first, RetrainOutcome second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        console.WriteLine();
        var verdict = second.Promoted
            ? $"version {second.Version} promoted over version {first.Version}"
            : $"version {second.Version} rejected, version {first.Version} stays the champion";
        Line($"demo completed: {verdict}", "bold green");
    }

    private static string Metrics(IReadOnlyDictionary<string, double> metrics)
    {
        string? Get(string key, string label) =>
            metrics.TryGetValue(key, out var value) ? $"{label} {value.ToString("0.0000", CultureInfo.InvariantCulture)}" : null;
        var shown = new[] { Get("accuracy", "accuracy"), Get("auc", "AUC"), Get("f1", "F1"), Get("logLoss", "log loss") }.OfType<string>().ToList();
        if (metrics.TryGetValue("trainRows", out var train) && metrics.TryGetValue("testRows", out var test))
        {
            shown.Add($"trained on {train:0} rows, tested on {test:0} held out");
        }

        return shown.Count > 0 ? string.Join(", ", shown) : "no metrics";
    }

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private void Fact(string label, string text, string? colour = null) => Line($"  {label,-10} {text}", colour);

    private void Line(string text, string? colour)
    {
        if (plain)
        {
            Console.Out.WriteLine(text);
            return;
        }

        console.MarkupLine(colour is null ? Markup.Escape(text) : $"[{colour}]{Markup.Escape(text)}[/]");
    }
}
