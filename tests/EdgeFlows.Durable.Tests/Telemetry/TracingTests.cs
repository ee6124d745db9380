using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeFlows.Durable.Telemetry;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Telemetry;

public sealed class TracingTests
{
    private sealed class TraceStep : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input, CancellationToken cancellationToken) =>
            Task.FromResult(input + 1);
    }

    private sealed class TracedFlow : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, int input)
        {
            var first = await context.CallActivityAsync<int>(nameof(TraceStep), input);
            return await context.CallActivityAsync<int>(nameof(TraceStep), first);
        }
    }

    /// <summary>Records every span of the runtime's source that ends while it is alive.</summary>
    private sealed class SpanRecorder : IDisposable
    {
        private readonly ActivityListener _listener;

        public SpanRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == DurableTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = Spans.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public ConcurrentQueue<Activity> Spans { get; } = new();

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public async Task StartedOrchestration_TurnsAndActivities_ShareTheStartersTrace()
    {
        using var recorder = new SpanRecorder();
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<TracedFlow>().AddActivity<TraceStep>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TracedFlow), 1);
        await host.WaitForCompletionAsync(id);
        var spans = recorder.Spans.Where(s => Equals(s.GetTagItem("edgeflows.instance_id"), id)).ToList();

        var start = Assert.Single(spans, s => s.DisplayName == $"start orchestration {nameof(TracedFlow)}");
        Assert.Equal(ActivityKind.Producer, start.Kind);
        var turns = spans.Where(s => s.DisplayName == $"orchestration {nameof(TracedFlow)}").ToList();
        var activities = spans.Where(s => s.DisplayName == $"activity {nameof(TraceStep)}").ToList();
        Assert.Equal(3, turns.Count);
        Assert.Equal(2, activities.Count);
        Assert.All(turns.Concat(activities), s => Assert.Equal(start.TraceId, s.TraceId));
        Assert.All(activities, s => Assert.Equal(start.SpanId, s.ParentSpanId));
    }

    [Fact]
    public async Task StartedOrchestration_InsideACallersSpan_JoinsTheCallersTrace()
    {
        using var recorder = new SpanRecorder();
        using var callerSource = new ActivitySource("EdgeFlows.Tests.Caller");
        using var callerListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == callerSource.Name,
            Sample = (ref ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(callerListener);
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<TracedFlow>().AddActivity<TraceStep>());

        string id;
        ActivityTraceId callerTrace;
        using (var caller = callerSource.StartActivity("HTTP POST /retrain"))
        {
            callerTrace = caller!.TraceId;
            id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TracedFlow), 1);
        }

        await host.WaitForCompletionAsync(id);
        var spans = recorder.Spans.Where(s => Equals(s.GetTagItem("edgeflows.instance_id"), id)).ToList();

        Assert.NotEmpty(spans);
        Assert.All(spans, s => Assert.Equal(callerTrace, s.TraceId));
    }
}
