// The demo's command line. Kept by hand: five options do not need a parser library.
using System.Globalization;

namespace EdgeFlows.Samples.Demo;

/// <summary>What the demo runs on and where it keeps its state.</summary>
/// <param name="DatasetPath">The CSV data set.</param>
/// <param name="WorkDirectory">Holds the SQLite store, <c>models/</c> and <c>runs/</c>; kept between runs.</param>
/// <param name="Timeout">How long to wait for the run before giving up (it stays checkpointed).</param>
/// <param name="SettleDelay">The durable timer's delay.</param>
/// <param name="SimulateFailure">Fail the first training attempt to show a retry.</param>
public sealed record DemoOptions(string DatasetPath, string WorkDirectory, TimeSpan Timeout, TimeSpan SettleDelay, bool SimulateFailure)
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: EdgeFlows.Samples.Demo [options]

          --data <path>          CSV data set (default: the Breast Cancer Wisconsin copy beside the binary)
          --work-dir <path>      SQLite store, models/ and runs/ (default: .edgeflows/demo in the repository)
          --timer-seconds <n>    Durable timer between training and registration (default: 2)
          --timeout-seconds <n>  Give up waiting after this long (default: 120); the run stays checkpointed
          --simulate-failure     Make the first training attempt fail, to show the retry policy
          --help                 Show this text

        An unfinished run found in the store (for example after Ctrl-C) is resumed, not restarted.
        Exit code: 0 when the run completed, 1 otherwise.
        """;

    /// <summary>The SQLite store's file.</summary>
    public string DatabasePath => Path.Combine(WorkDirectory, "edgeflows.db");

    /// <summary>Parses the arguments; returns null with an error message (or none, for --help).</summary>
    public static DemoOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        error = null;
        var data = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer_wisconsin.csv");
        var workDirectory = DefaultWorkDirectory();
        var timeout = TimeSpan.FromSeconds(120);
        var settle = TimeSpan.FromSeconds(2);
        var simulateFailure = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
            try
            {
                switch (args[i])
                {
                    case "--data": data = Value(); break;
                    case "--work-dir": workDirectory = Value(); break;
                    case "--timer-seconds": settle = Seconds(Value(), 0); break;
                    case "--timeout-seconds": timeout = Seconds(Value(), 1); break;
                    case "--simulate-failure": simulateFailure = true; break;
                    case "--help" or "-h": return null;
                    default: throw new FormatException($"Unknown option '{args[i]}'.");
                }
            }
            catch (FormatException ex)
            {
                error = ex.Message;
                return null;
            }
        }

        if (!File.Exists(data))
        {
            error = $"The data set '{data}' does not exist.";
            return null;
        }

        return new DemoOptions(Path.GetFullPath(data), Path.GetFullPath(workDirectory), timeout, settle, simulateFailure);
    }

    private static TimeSpan Seconds(string text, double minimum) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= minimum && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"'{text}' is not a number of seconds between {minimum} and 3600.");

    // .edgeflows/demo at the repository root (it is git-ignored), else a folder in the temp directory.
    private static string DefaultWorkDirectory()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EdgeFlows.sln")))
            {
                return Path.Combine(directory.FullName, ".edgeflows", "demo");
            }
        }

        return Path.Combine(Path.GetTempPath(), "edgeflows-demo");
    }
}
