// Starts a RetrainPreview run (or resumes an unfinished one), follows it live by polling its
// status and history, then prints the outcome and the full history.
using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Samples.Demo.Display;
using EdgeFlows.Samples.Demo.Orchestrations;
using Spectre.Console;

namespace EdgeFlows.Samples.Demo;

/// <summary>One demo run against a running durable host.</summary>
public sealed class DemoRun(DurableClient client, IAnsiConsole console, DemoOptions options)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The instance this run followed, once started or resumed.</summary>
    public string? InstanceId { get; private set; }

    /// <summary>Runs the demo; returns 0 when the orchestration completed, 1 otherwise.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        console.Write(new Rule("[bold]EdgeFlows[/] · RetrainPreview on the durable runtime").LeftJustified());
        console.MarkupLine($"Data set   [blue]{Markup.Escape(Paths.Show(options.DatasetPath))}[/]");
        console.MarkupLine($"Store      [blue]{Markup.Escape(Paths.Show(options.DatabasePath))}[/] (SQLite)");
        console.WriteLine();
        try
        {
            InstanceId = await StartOrResumeAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Timeout);
            OrchestrationInstance finished;
            try
            {
                finished = await FollowAsync(InstanceId, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var instance = await client.GetInstanceAsync(InstanceId, false, CancellationToken.None);
                console.MarkupLine($"[red]The run did not finish within {options.Timeout.TotalSeconds:0} s; it is {instance?.Status}.[/] " +
                    "It stays checkpointed in the store: run the demo again to resume it.");
                return 1;
            }

            console.WriteLine();
            ResultView.Write(console, finished);
            console.WriteLine();
            HistoryTable.Write(console, await client.GetHistoryAsync(InstanceId, cancellationToken));
            if (finished.Status != OrchestrationRuntimeStatus.Completed)
            {
                return 1;
            }

            console.MarkupLine("[grey]Run the demo again to register the next version; stop a run with Ctrl-C and the next one resumes it.[/]");
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Interrupted.[/] The run is checkpointed in the store: run the demo again and it resumes where it stopped.");
            return 1;
        }
        catch (StoreCorruptedException ex)
        {
            console.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            return 1;
        }
    }

    private async Task<string> StartOrResumeAsync(CancellationToken cancellationToken)
    {
        // A run left unfinished by an earlier demo (stopped with Ctrl-C, say) is not started
        // again: the runtime resumes it from its last checkpoint, and we follow it.
        var unfinished = await client.QueryInstancesAsync(
            new InstanceQuery([OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running], nameof(RetrainPreview), PageSize: 1),
            cancellationToken);
        if (unfinished.Items is [var previous, ..])
        {
            console.MarkupLine($"Resuming unfinished run [bold]{Markup.Escape(previous.InstanceId)}[/] (started {previous.CreatedAt:HH:mm:ss} UTC) from its last checkpoint.");
            return previous.InstanceId;
        }

        var input = new RetrainPreviewInput(
            options.DatasetPath,
            options.WorkDirectory,
            SettleDelay: options.SettleDelay,
            SimulateTransientFailure: options.SimulateFailure);
        var instanceId = $"retrain-preview-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(RetrainPreview), input, new StartOrchestrationOptions(instanceId), cancellationToken);
        console.MarkupLine($"Started run [bold]{Markup.Escape(instanceId)}[/]");
        return instanceId;
    }

    /// <summary>Prints each history event and custom-status change as it is committed, until the run ends.</summary>
    private async Task<OrchestrationInstance> FollowAsync(string instanceId, CancellationToken cancellationToken)
    {
        var progress = new ProgressPrinter(console);
        string? lastStatus = null;
        var printed = 0;
        while (true)
        {
            // The instance is read before the history: when it has finished, the history read
            // after it is complete (both are committed in one transaction).
            var instance = await client.GetInstanceAsync(instanceId, true, cancellationToken)
                ?? throw new OrchestrationNotFoundException(instanceId);
            var history = await client.GetHistoryAsync(instanceId, cancellationToken);
            for (; printed < history.Count; printed++)
            {
                progress.Write(history[printed]);
            }

            // The custom status is kept with the instance, not in history: this shows it as
            // each poll finds it, so a step that starts and ends between two polls is not seen.
            if (instance.CustomStatus is { } status && status != lastStatus)
            {
                progress.WriteStatus(instance.ReadCustomStatusAs<RetrainPreviewStatus>());
                lastStatus = status;
            }

            if (instance.Status.IsTerminal())
            {
                return instance;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
