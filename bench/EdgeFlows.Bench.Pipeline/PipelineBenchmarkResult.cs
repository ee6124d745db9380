using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeFlows.Bench.Pipeline;

/// <summary>What a pipeline benchmark measured; <see cref="ToJson"/> is the <c>--json</c> output.</summary>
public sealed record PipelineBenchmarkResult
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>"pipeline".</summary>
    public string Scenario { get; init; } = "pipeline";

    /// <summary>local or ssh.</summary>
    public required string Runner { get; init; }

    /// <summary>ssh only: the ssh client, openssh or managed.</summary>
    public string? SshClient { get; init; }

    /// <summary>The Python interpreter of the wrapper and the trainer.</summary>
    public required string Python { get; init; }

    /// <summary>Measured runs.</summary>
    public required int Runs { get; init; }

    /// <summary>Rows of data in the first measured run (each later run has one more).</summary>
    public required int Rows { get; init; }

    /// <summary>The Wait step's polling, "first×1.5 up to max" (ms).</summary>
    public required string WaitPolling { get; init; }

    /// <summary>Created → completed per run (ms).</summary>
    public required Summary TotalMs { get; init; }

    /// <summary>The training command's own time per run, as the job wrapper measured it (ms).</summary>
    public required Summary TrainingMs { get; init; }

    /// <summary>Total − training per run (ms): what EdgeFlows adds.</summary>
    public required Summary OverheadMs { get; init; }

    /// <summary>Each step's p50 (ms), from its history: first activity scheduled to last completed; Wait from StartTraining completed to the last poll completed.</summary>
    public required IReadOnlyDictionary<string, double> StepP50Ms { get; init; }

    /// <summary>Bytes the image push sent per run.</summary>
    public required Summary BytesPushed { get; init; }

    /// <summary>The model layer's compressed size per run.</summary>
    public required Summary ModelLayerBytes { get; init; }

    /// <summary>Bytes pushed ÷ model layer bytes, per run (1.0: nothing but the layer).</summary>
    public required Summary PushedOverLayer { get; init; }

    /// <summary>The base image's layer size; a run that pushed it again would show it in <see cref="BytesPushed"/>.</summary>
    public required long BaseLayerBytes { get; init; }

    /// <summary>Processors and load average when the measurement ended (the machine may be shared).</summary>
    public required string Machine { get; init; }

    /// <summary>Issue 4's goal: overhead p50 ≤ 1 s (local) or ≤ 2 s (ssh).</summary>
    public bool OverheadGoalMet => OverheadMs.P50 <= (Runner == "ssh" ? 2000 : 1000);

    /// <summary>Issue 4's goal: a re-push on an unchanged base sends ≤ 5% more than the model layer.</summary>
    public bool PushGoalMet => PushedOverLayer.Max <= 1.05;

    /// <summary>The result as one line of camelCase JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    internal static PipelineBenchmarkResult From(PipelineBenchmarkOptions options, IReadOnlyList<RunMeasurement> runs, BenchSetup setup) => new()
    {
        Runner = options.Runner,
        SshClient = options.Runner == "ssh" ? options.SshClient : null,
        Python = options.Python,
        Runs = runs.Count,
        Rows = options.Rows + 1,
        WaitPolling = $"{options.FirstPollInterval.TotalMilliseconds:0}x1.5 up to {options.MaxPollInterval.TotalMilliseconds:0}",
        TotalMs = Summary.Of([.. runs.Select(r => r.TotalMs)]),
        TrainingMs = Summary.Of([.. runs.Select(r => r.TrainingMs)]),
        OverheadMs = Summary.Of([.. runs.Select(r => r.OverheadMs)]),
        StepP50Ms = runs.SelectMany(r => r.StepMs.Keys).Distinct().Order(StringComparer.Ordinal)
            .ToDictionary(step => step, step => Summary.Of([.. runs.Where(r => r.StepMs.ContainsKey(step)).Select(r => r.StepMs[step])]).P50),
        BytesPushed = Summary.Of([.. runs.Select(r => (double)r.BytesPushed)]),
        ModelLayerBytes = Summary.Of([.. runs.Select(r => (double)r.LayerBytes)]),
        PushedOverLayer = Summary.Of([.. runs.Where(r => r.LayerBytes > 0).Select(r => Math.Round((double)r.BytesPushed / r.LayerBytes, 3))], decimals: 3),
        BaseLayerBytes = options.BaseLayerBytes,
        Machine = $"{Environment.ProcessorCount} processors, load {LoadAverage()}",
    };

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
    }
}

/// <summary>Nearest-rank percentiles of a set of values.</summary>
public sealed record Summary(int Count, double P50, double P90, double P99, double Max, double Mean)
{
    /// <summary>The summary of <paramref name="values"/>, rounded to <paramref name="decimals"/>.</summary>
    public static Summary Of(IReadOnlyCollection<double> values, int decimals = 1)
    {
        if (values.Count == 0)
        {
            return new Summary(0, 0, 0, 0, 0, 0);
        }

        var sorted = values.Order().ToArray();
        double Rank(double p) => Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], decimals);
        return new Summary(sorted.Length, Rank(0.5), Rank(0.9), Rank(0.99), Math.Round(sorted[^1], decimals), Math.Round(sorted.Average(), decimals));
    }
}
