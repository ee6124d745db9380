// The lines the crash host prints on stdout. The tests read them to kill the host at chosen
// points; each is written with one call, so lines never interleave.
using System.Globalization;

namespace EdgeFlows.Durable.CrashHost;

/// <summary>Progress lines on stdout.</summary>
public static class Progress
{
    /// <summary>Prefix of a line printed when an activity starts: <c>begin instance label key delivery utcTicks</c>.</summary>
    public const string Begin = "begin";

    /// <summary>
    /// Prefix of a line printed when an activity has recorded its effects:
    /// <c>step instance label key delivery applied|already-applied</c>.
    /// </summary>
    public const string Step = "step";

    /// <summary>A step line's last field when the idempotent ledger applied the effect now.</summary>
    public const string Applied = "applied";

    /// <summary>A step line's last field when an earlier delivery had applied the effect (a kill came before its commit).</summary>
    public const string AlreadyApplied = "already-applied";

    /// <summary>Prefix of the line printed when every instance completed: <c>done count</c>.</summary>
    public const string Done = "done";

    /// <summary>Prefix of a line for an instance that did not complete: <c>failed instance status message</c>.</summary>
    public const string Failed = "failed";

    /// <summary>Prefix of the line printed once the worker runs: <c>started pid</c>.</summary>
    public const string Started = "started";

    /// <summary>Writes one line: the kind and the fields, space-separated.</summary>
    public static void Write(string kind, params object[] fields) =>
        Console.Out.WriteLine(string.Join(' ', [kind, .. fields.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture))]));
}
