using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EdgeFlows.Durable.Telemetry;

/// <summary>
/// The runtime's OpenTelemetry sources: spans for client starts, orchestration turns and
/// activity executions (trace context flows from the starter through the orchestration to
/// its activities), and metrics for queue depth and latency. Subscribe with
/// <c>AddSource(DurableTelemetry.SourceName)</c> and <c>AddMeter(DurableTelemetry.SourceName)</c>.
/// </summary>
public static class DurableTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string SourceName = "EdgeFlows.Durable";

    internal static readonly ActivitySource Source = new(SourceName);

    internal static readonly Meter Meter = new(SourceName);

    internal static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>(
        "edgeflows.orchestration.turn.duration", "ms", "Time to run and commit one orchestration turn.");

    internal static readonly Histogram<double> ActivityDuration = Meter.CreateHistogram<double>(
        "edgeflows.activity.duration", "ms", "Time to run and commit one activity call.");

    internal static readonly Histogram<double> ActivityQueueLatency = Meter.CreateHistogram<double>(
        "edgeflows.activity.queue.latency", "ms", "Time from an orchestration scheduling an activity to the activity starting to run.");

    internal static readonly Counter<long> PoisonItems = Meter.CreateCounter<long>(
        "edgeflows.work.poison", "{item}", "Work items failed after too many deliveries.");

    // Queue depth readers of the workers running in this process (usually one).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<object, Func<(long Orchestrations, long Activities)>> DepthReaders = new();

    static DurableTelemetry()
    {
        Meter.CreateObservableGauge("edgeflows.queue.orchestrations", () => DepthReaders.Values.Sum(r => r().Orchestrations), "{instance}", "Instances with work due now.");
        Meter.CreateObservableGauge("edgeflows.queue.activities", () => DepthReaders.Values.Sum(r => r().Activities), "{item}", "Activity calls waiting for a host.");
    }

    /// <summary>Feeds the queue-depth gauges from a worker until the returned handle is disposed.</summary>
    internal static IDisposable ObserveQueueDepth(Func<(long Orchestrations, long Activities)> read)
    {
        var key = new object();
        DepthReaders[key] = read;
        return new Unregister(key);
    }

    private sealed class Unregister(object key) : IDisposable
    {
        public void Dispose() => DepthReaders.TryRemove(key, out _);
    }

    /// <summary>The W3C traceparent of the current span, to carry across the store.</summary>
    internal static string? CurrentTraceParent() => Activity.Current?.Id;

    /// <summary>Starts a span whose parent is a stored traceparent.</summary>
    internal static Activity? StartSpan(string name, ActivityKind kind, string? traceParent)
    {
        System.Diagnostics.ActivityContext.TryParse(traceParent, null, out var parent);
        return Source.StartActivity(name, kind, parent);
    }
}
