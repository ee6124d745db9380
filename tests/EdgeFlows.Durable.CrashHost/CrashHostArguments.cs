using System.Globalization;
using EdgeFlows.Durable.CrashHost.Orchestrations;

namespace EdgeFlows.Durable.CrashHost;

/// <summary>
/// The command line: <c>--store FILE --ledger DIR --instances N [--prefix P] [--fan-out N]
/// [--step-delay-ms N] [--fan-out-delay-ms N]</c>. It starts instances P-0 … P-(N-1) (skipping
/// those that exist, so a restart duplicates nothing) and runs until all have finished.
/// </summary>
public sealed record CrashHostArguments(
    string Store,
    string LedgerDirectory,
    int Instances,
    string Prefix,
    CrashFlowInput Input)
{
    /// <summary>The instance ids this command starts.</summary>
    public IReadOnlyList<string> InstanceIds => [.. Enumerable.Range(0, Instances).Select(i => $"{Prefix}-{i}")];

    /// <summary>The command line for these arguments (for the tests that start the host).</summary>
    public IReadOnlyList<string> ToCommandLine() =>
    [
        "--store", Store,
        "--ledger", LedgerDirectory,
        "--instances", Instances.ToString(CultureInfo.InvariantCulture),
        "--prefix", Prefix,
        "--fan-out", Input.FanOut.ToString(CultureInfo.InvariantCulture),
        "--step-delay-ms", Input.StepDelayMs.ToString(CultureInfo.InvariantCulture),
        "--fan-out-delay-ms", Input.FanOutDelayMs.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>Parses the command line.</summary>
    /// <exception cref="ArgumentException">A missing, unknown or malformed option.</exception>
    public static CrashHostArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count % 2 != 0)
        {
            throw new ArgumentException("Options come in pairs: --name value.", nameof(args));
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        string Text(string name) => values.Remove(name, out var value) ? value : throw new ArgumentException($"{name} is required.", nameof(args));
        int Number(string name, int fallback) => values.Remove(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

        var parsed = new CrashHostArguments(
            Text("--store"),
            Text("--ledger"),
            Number("--instances", 1),
            values.Remove("--prefix", out var prefix) ? prefix : "crash",
            new CrashFlowInput(Number("--fan-out", 4), Number("--step-delay-ms", 0), Number("--fan-out-delay-ms", 0)));
        return values.Count == 0 ? parsed : throw new ArgumentException($"Unknown options: {string.Join(", ", values.Keys)}.", nameof(args));
    }
}
