// Counts and times store operations for --profile, so a slow benchmark can be explained:
// how many store round trips each activity costs, how long each waited (queueing for the
// single SQLite writer plus the commit), and how many items each lock returned.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EdgeFlows.Bench.Measurement;

/// <summary>Thread-safe per-operation counters.</summary>
internal sealed class StoreProfile
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new();

    public async Task TimeAsync(string operation, Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await call();
        }
        finally
        {
            Record(operation, started, items: 0);
        }
    }

    public async Task<T> TimeAsync<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            Record(operation, started, items: 0);
        }
    }

    /// <summary>Times a lock call and counts the items it returned.</summary>
    public async Task<IReadOnlyList<T>> TimeBatchAsync<T>(string operation, Func<Task<IReadOnlyList<T>>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var items = 0;
        try
        {
            var result = await call();
            items = result.Count;
            return result;
        }
        finally
        {
            Record(operation, started, items);
        }
    }

    /// <summary>Forgets everything counted so far (the warm-up's operations, say).</summary>
    public void Reset() => _counters.Clear();

    /// <summary>A table: operation, calls, calls per activity, mean and total wait, items returned.</summary>
    public string Format(long activities)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"{"store operation",-30}{"calls",9}{"per act.",10}{"mean ms",10}{"total s",10}{"items",9}");
        foreach (var (name, counter) in _counters.OrderByDescending(c => c.Value.Calls))
        {
            var perActivity = activities > 0 ? ((double)counter.Calls / activities).ToString("0.00", culture) : "-";
            var meanMs = counter.Ticks / (double)Stopwatch.Frequency * 1000 / counter.Calls;
            var totalSeconds = counter.Ticks / (double)Stopwatch.Frequency;
            var items = counter.Items > 0 ? counter.Items.ToString(culture) : "-";
            text.AppendLine(culture, $"{name.Replace("Async", string.Empty, StringComparison.Ordinal),-30}{counter.Calls,9}{perActivity,10}{meanMs,10:0.000}{totalSeconds,10:0.000}{items,9}");
        }

        return text.ToString();
    }

    private void Record(string operation, long started, int items)
    {
        var counter = _counters.GetOrAdd(operation, _ => new Counter());
        Interlocked.Increment(ref counter.Calls);
        Interlocked.Add(ref counter.Ticks, Stopwatch.GetTimestamp() - started);
        Interlocked.Add(ref counter.Items, items);
    }

    private sealed class Counter
    {
        public long Calls;
        public long Ticks;
        public long Items;
    }
}
