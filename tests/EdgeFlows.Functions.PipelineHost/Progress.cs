namespace EdgeFlows.Functions.PipelineHost;

/// <summary>The host's stdout lines, one event per line: a kind, then space-separated values.</summary>
public static class Progress
{
    /// <summary><c>started {pid}</c>: the host runs.</summary>
    public const string Started = "started";

    /// <summary><c>effect {step} {instance}</c>: a step's activity finished its work.</summary>
    public const string Effect = "effect";

    /// <summary><c>paused {step}</c>: the host waits to be killed.</summary>
    public const string Paused = "paused";

    private static readonly Lock Gate = new();

    /// <summary>Writes one line and flushes it.</summary>
    public static void Write(string kind, params object[] values)
    {
        lock (Gate)
        {
            Console.Out.WriteLine(string.Join(' ', [kind, .. values]));
            Console.Out.Flush();
        }
    }
}
