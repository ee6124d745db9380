// Runs a scenario --repeat times and reports the medians: a small table by default, or one
// JSON object as the last line with --json. Progress and errors go to stderr so stdout
// holds only the report.
using System.Globalization;

namespace EdgeFlows.Bench;

/// <summary>Repeats one scenario and prints its report.</summary>
internal sealed class BenchRunner(string scenario, string arguments, BenchSettings settings, bool json)
{
    private const int ExitBenchmarkFailed = 2;
    private const int ExitCancelled = 130;

    private static readonly (string Label, Func<BenchMetrics, double?> Value)[] Rows =
    [
        ("elapsed (s)", m => m.ElapsedSeconds),
        ("activities/s", m => m.ActivitiesPerSecond),
        ("orchestrations/s", m => m.OrchestrationsPerSecond),
        ("start→activity p50 (ms)", m => m.P50Ms),
        ("start→activity p95 (ms)", m => m.P95Ms),
        ("start→activity p99 (ms)", m => m.P99Ms),
        ("start→completed p50 (ms)", m => m.CompletedP50Ms),
        ("start→completed p95 (ms)", m => m.CompletedP95Ms),
        ("start→completed p99 (ms)", m => m.CompletedP99Ms),
        ("CPU s (process)", m => m.CpuSeconds),
        ("CPU s per minute", m => m.CpuSecondsPerMinute),
        ("peak working set (MB)", m => m.PeakWorkingSetMb),
    ];

    public async Task<int> RunAsync(int repeat, Func<CancellationToken, Task<BenchMetrics>> run, CancellationToken cancellationToken)
    {
        var load = LoadAverage();
        var runs = new List<BenchMetrics>(repeat);
        try
        {
            for (var i = 1; i <= repeat; i++)
            {
                await Console.Error.WriteLineAsync($"{scenario} {arguments}: run {i} of {repeat}…");
                runs.Add(await run(cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return ExitCancelled;
        }
        catch (BenchmarkFailedException ex)
        {
            await Console.Error.WriteLineAsync($"The benchmark failed: {ex.Message}");
            return ExitBenchmarkFailed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The runtime or the store threw where no error was expected: a bug to report whole.
            await Console.Error.WriteLineAsync($"The benchmark failed with an unexpected error: {ex}");
            return ExitBenchmarkFailed;
        }

        var result = new BenchResult(scenario, settings.Store, runs) { Arguments = arguments, LoadAverageAtStart = load };
        if (json)
        {
            Console.WriteLine(result.ToJson());
        }
        else
        {
            PrintTable(result);
        }

        return 0;
    }

    private static void PrintTable(BenchResult result)
    {
        var median = result.Runs.Count > 1 ? $"median of {result.Runs.Count} runs" : "1 run";
        var load = result.LoadAverageAtStart is { } l ? $", load {l.ToString("0.00", CultureInfo.InvariantCulture)}" : string.Empty;
        Console.WriteLine($"{result.Scenario} {result.Arguments} · store {result.Store}{(result.Store == BenchStores.Sqlite ? " (synchronous FULL)" : string.Empty)} · {median} · {result.Processors} cores{load}");
        var header = result.Runs.Count > 1 ? Enumerable.Range(1, result.Runs.Count).Select(i => $"run {i}") : [];
        Console.WriteLine(Line("metric", ["median", .. header]));
        foreach (var (label, value) in Rows)
        {
            if (value(result) is not { } shown)
            {
                continue;
            }

            var perRun = result.Runs.Count > 1 ? result.Runs.Select(r => Format(value(r))) : [];
            Console.WriteLine(Line(label, [Format(shown), .. perRun]));
        }
    }

    private static string Line(string label, IEnumerable<string> cells) =>
        label.PadRight(26) + string.Concat(cells.Select(c => c.PadLeft(11)));

    private static string Format(double? value) => value switch
    {
        null => "-",
        >= 100 => value.Value.ToString("N0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    private static double? LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
