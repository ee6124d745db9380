using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeFlows.Bench.BlobTrigger;

/// <summary>What a blob-trigger benchmark run measured; <see cref="ToJson"/> is the <c>--json</c> output.</summary>
public sealed record BlobTriggerBenchmarkResult
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>"blob-trigger".</summary>
    public string Scenario { get; init; } = "blob-trigger";

    /// <summary>New blobs measured.</summary>
    public required int Blobs { get; init; }

    /// <summary>Blobs under the watched prefix before the measurement (the trigger's baseline listing; all reported once, not counted).</summary>
    public required long Existing { get; init; }

    /// <summary>Blobs under training-data/ in the container when the run started.</summary>
    public long ContainerBlobs { get; init; }

    /// <summary>The prefix the trigger watched.</summary>
    public string WatchedPrefix { get; init; } = "training-data/";

    /// <summary>How the new blobs were placed: "spread over existing datasets" or "K new datasets".</summary>
    public required string Placement { get; init; }

    /// <summary>Storage: "azurite (started by the bench)" or "given connection".</summary>
    public required string Storage { get; init; }

    /// <summary>The trigger's poll interval (ms).</summary>
    public required double PollIntervalMs { get; init; }

    /// <summary>The trigger's parallel dataset listings.</summary>
    public required int ListConcurrency { get; init; }

    /// <summary>Upload completed → BlobsChanged committed, over the new blobs reported (ms).</summary>
    public required LatencySummary DetectionMs { get; init; }

    /// <summary>New blobs reported exactly once.</summary>
    public required int ReportedOnce { get; init; }

    /// <summary>New blobs reported more than once (must be 0).</summary>
    public required int ReportedTwice { get; init; }

    /// <summary>New blobs never reported within the timeout (must be 0).</summary>
    public required int Missing { get; init; }

    /// <summary>True when every new blob was reported exactly once.</summary>
    public bool ExactlyOnce => ReportedOnce == Blobs && ReportedTwice == 0 && Missing == 0;

    /// <summary>Polls during the measurement and what each cost.</summary>
    public required PollSummary Polls { get; init; }

    /// <summary>Time to upload the existing blobs' shortfall (s); 0 when the container held them already.</summary>
    public required double SetupUploadSeconds { get; init; }

    /// <summary>Time from the trigger's start until it had reported every existing blob (s).</summary>
    public required double BaselineSeconds { get; init; }

    /// <summary>Wall time of the measurement: first upload to last report (s).</summary>
    public required double MeasureSeconds { get; init; }

    /// <summary>Processors and the 1/5/15-minute load average when the measurement ended (the machine may be shared).</summary>
    public required string Machine { get; init; }

    /// <summary>Issue 3's goal: p99 detection ≤ 3 s and every blob exactly once.</summary>
    public bool GoalMet => ExactlyOnce && DetectionMs.P99 <= 3000;

    /// <summary>The result as one line of camelCase JSON (the bench prints it as its last line with --json).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>Percentiles of a set of durations (ms).</summary>
public sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max, double Mean)
{
    /// <summary>Nearest-rank percentiles of <paramref name="values"/>.</summary>
    public static LatencySummary Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        var sorted = values.Order().ToArray();
        double Rank(double p) => Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 1);
        return new LatencySummary(sorted.Length, Rank(0.5), Rank(0.9), Rank(0.99), Math.Round(sorted[^1], 1), Math.Round(sorted.Average(), 1));
    }
}

/// <summary>The polls during the measurement.</summary>
/// <param name="Count">Polls finished.</param>
/// <param name="ListRequestsPerPoll">Average List Blobs requests per poll.</param>
/// <param name="ListedBlobsPerPoll">Average blobs listed per poll.</param>
/// <param name="FullScanMs">Wall time of a poll's full listing (reporting included).</param>
public sealed record PollSummary(int Count, double ListRequestsPerPoll, double ListedBlobsPerPoll, LatencySummary FullScanMs);
