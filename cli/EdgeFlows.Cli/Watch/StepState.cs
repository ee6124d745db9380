namespace EdgeFlows.Cli.Watch;

/// <summary>Where one step of a run stands.</summary>
public enum StepState
{
    /// <summary>Not started yet.</summary>
    Pending,

    /// <summary>A call of it is running (or the run says it is at this step).</summary>
    Running,

    /// <summary>Waiting on a durable timer.</summary>
    Waiting,

    /// <summary>Done.</summary>
    Completed,

    /// <summary>The run failed at this step.</summary>
    Failed,

    /// <summary>The run completed without it (a rejected model builds no image).</summary>
    Skipped,

    /// <summary>The run failed or was terminated before it.</summary>
    NotReached,

    /// <summary>It was running when the run was terminated or failed.</summary>
    Stopped,
}
