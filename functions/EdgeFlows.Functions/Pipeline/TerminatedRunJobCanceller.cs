// Finds Retrain runs that were terminated and starts CancelTerminatedRun for each, once: the
// cancellation's instance id is derived from the run's, so a run already handled (by this host
// before a restart, or by another host on the same store) is skipped, and two hosts starting it
// at once start it once. The job comes from the run's history: the StartTraining call names
// the target and job id. A run whose job the pipeline already cancelled (its failure path)
// gets a cancellation with nothing to do, which also marks it handled.
using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>Cancels the training jobs of terminated Retrain runs (see the file header).</summary>
public sealed partial class TerminatedRunJobCanceller(
    DurableClient client,
    IOptions<RetrainPipelineOptions> options,
    ILogger<TerminatedRunJobCanceller> logger,
    TimeProvider time) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Retrain.TerminatedRunScanInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store is unreachable, say: the next scan tries again; nothing is lost.
                ScanFailed(ex);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the terminated runs; returns how many cancellations it started.</summary>
    public async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        var started = 0;
        string? token = null;
        do
        {
            var page = await client.QueryInstancesAsync(
                new InstanceQuery(Statuses: [OrchestrationRuntimeStatus.Terminated], Name: Retrain.Name, ContinuationToken: token), cancellationToken);
            foreach (var run in page.Items)
            {
                var id = CancelTerminatedRun.InstanceIdFor(run.InstanceId);
                if (id.Length > DurableClient.MaxInstanceIdLength
                    || await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken) is not null)
                {
                    continue;
                }

                var job = JobOf(await client.GetHistoryAsync(run.InstanceId, cancellationToken));
                await client.ScheduleNewOrchestrationInstanceAsync(
                    CancelTerminatedRun.Name, job, new StartOrchestrationOptions(id, ReusePolicy: OrchestrationIdReusePolicy.SkipIfExists), cancellationToken);
                CancellationStarted(run.InstanceId, job?.Target ?? "-", job?.JobId ?? "-");
                started++;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
        return started;
    }

    /// <summary>The job a run started and did not see end or cancel; null when there is none to cancel.</summary>
    internal static TrainingJobRef? JobOf(IReadOnlyList<HistoryEvent> history)
    {
        var start = history.OfType<TaskScheduled>().LastOrDefault(t => t.Name == RetrainSteps.StartTraining);
        if (start?.Input is null)
        {
            return null;
        }

        // The run's own failure path cancelled it already.
        var cancels = history.OfType<TaskScheduled>().Where(t => t.Name == RetrainSteps.CancelTraining).Select(t => t.TaskId).ToHashSet();
        if (history.OfType<TaskCompleted>().Any(c => cancels.Contains(c.TaskScheduledId)))
        {
            return null;
        }

        var input = DataConverter.Deserialize<StartTrainingInput>(start.Input, "StartTraining's input")!;
        return new TrainingJobRef(input.Target, input.JobId);
    }

    [LoggerMessage(EventId = 4620, Level = LogLevel.Information, Message = "Run {InstanceId} was terminated: cancelling its job {JobId} on target {Target}")]
    private partial void CancellationStarted(string instanceId, string target, string jobId);

    [LoggerMessage(EventId = 4621, Level = LogLevel.Warning, Message = "Looking for terminated runs failed; trying again at the next scan")]
    private partial void ScanFailed(Exception exception);
}
