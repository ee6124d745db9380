// What a benchmark reports. Metrics a scenario does not measure are null, so every JSON
// object has the same keys. With --repeat, the top level holds each metric's median over
// the runs, and "runs" holds every run.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeFlows.Bench;

/// <summary>The measurements of one run (or the medians of several).</summary>
internal record BenchMetrics
{
    /// <summary>Wall-clock seconds of the measured part (start of the first orchestration to the commit of the last).</summary>
    public double ElapsedSeconds { get; init; }

    public double? ActivitiesPerSecond { get; init; }

    public double? OrchestrationsPerSecond { get; init; }

    /// <summary>Latency scenario: start request to the first activity's code running.</summary>
    public double? P50Ms { get; init; }

    public double? P95Ms { get; init; }

    public double? P99Ms { get; init; }

    /// <summary>Latency scenario: start request to the commit of the orchestration's completion.</summary>
    public double? CompletedP50Ms { get; init; }

    public double? CompletedP95Ms { get; init; }

    public double? CompletedP99Ms { get; init; }

    /// <summary>CPU seconds (all threads, user + system) the process used in the measured part.</summary>
    public double? CpuSeconds { get; init; }

    /// <summary>The process's peak working set during the run, in MiB.</summary>
    public double PeakWorkingSetMb { get; init; }

    /// <summary>Idle scenario: CPU time the whole process used, scaled to one minute.</summary>
    public double? CpuSecondsPerMinute { get; init; }

    /// <summary>The median of each metric over <paramref name="runs"/>.</summary>
    public static BenchMetrics Median(IReadOnlyList<BenchMetrics> runs) => new()
    {
        ElapsedSeconds = Median(runs, r => r.ElapsedSeconds) ?? 0,
        ActivitiesPerSecond = Median(runs, r => r.ActivitiesPerSecond),
        OrchestrationsPerSecond = Median(runs, r => r.OrchestrationsPerSecond),
        P50Ms = Median(runs, r => r.P50Ms),
        P95Ms = Median(runs, r => r.P95Ms),
        P99Ms = Median(runs, r => r.P99Ms),
        CompletedP50Ms = Median(runs, r => r.CompletedP50Ms),
        CompletedP95Ms = Median(runs, r => r.CompletedP95Ms),
        CompletedP99Ms = Median(runs, r => r.CompletedP99Ms),
        CpuSeconds = Median(runs, r => r.CpuSeconds),
        PeakWorkingSetMb = Median(runs, r => r.PeakWorkingSetMb) ?? 0,
        CpuSecondsPerMinute = Median(runs, r => r.CpuSecondsPerMinute),
    };

    /// <summary>Rounds for reports: three decimals say more than the noise does.</summary>
    public static double Round(double value) => Math.Round(value, 3);

    private static double? Median(IReadOnlyList<BenchMetrics> runs, Func<BenchMetrics, double?> metric)
    {
        var values = runs.Select(metric).OfType<double>().Order().ToList();
        if (values.Count == 0)
        {
            return null;
        }

        var middle = values.Count / 2;
        return Round(values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2);
    }
}

/// <summary>A scenario's report: what ran, on what, and the median metrics of its runs.</summary>
internal sealed record BenchResult : BenchMetrics
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public BenchResult(string scenario, string store, IReadOnlyList<BenchMetrics> runs)
        : base(Median(runs))
    {
        Scenario = scenario;
        Store = store;
        Runs = runs;
    }

    // Declared first so they lead the JSON object.
    [JsonPropertyOrder(-3)]
    public string Scenario { get; }

    [JsonPropertyOrder(-2)]
    public string Store { get; }

    /// <summary>The scenario's size argument, e.g. "--activities 1000".</summary>
    [JsonPropertyOrder(-1)]
    public string Arguments { get; init; } = string.Empty;

    public int Processors { get; init; } = Environment.ProcessorCount;

    /// <summary>The machine's 1-minute load average when the benchmark started (Linux), for judging noise.</summary>
    public double? LoadAverageAtStart { get; init; }

    [JsonPropertyOrder(1)]
    public IReadOnlyList<BenchMetrics> Runs { get; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
