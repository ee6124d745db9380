// The command line: one subcommand per scenario, each with its one size option, and the
// options every scenario shares. Bad arguments (an unknown scenario, a missing, zero or
// negative size) are parse errors, reported with usage before anything runs.
using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using EdgeFlows.Bench.Scenarios;

namespace EdgeFlows.Bench;

/// <summary>Builds the benchmark's command tree.</summary>
internal static class BenchCommands
{
    private const int DefaultTimeoutSeconds = 600;

    private static readonly Option<string> Store = new("--store")
    {
        Description = "The store to measure: sqlite (a file in a temporary folder, synchronous FULL) or postgres (a schema of its own on the server in EDGEFLOWS_BENCH_POSTGRES).",
        DefaultValueFactory = _ => BenchStores.Sqlite,
        Recursive = true,
    };

    private static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the result as one JSON object on the last line.",
        Recursive = true,
    };

    private static readonly Option<int> Repeat = PositiveInt(
        "--repeat", "Runs, each with a fresh host and store; the median of each metric is reported.", defaultValue: 1);

    private static readonly Option<int> Timeout = PositiveInt(
        "--timeout", "Seconds one run may take before it is declared stuck.", defaultValue: DefaultTimeoutSeconds);

    private static readonly Option<bool> Profile = new("--profile")
    {
        Description = "Also print how often and how long each store operation ran (to stderr).",
        Recursive = true,
    };

    /// <summary>Parses the arguments; errors are reported with usage, without "did you mean" guesses.</summary>
    public static ParseResult Parse(string[] args)
    {
        var result = Create().Parse(args);
        if (result.Action is ParseErrorAction error)
        {
            error.ShowTypoCorrections = false;
        }

        return result;
    }

    private static RootCommand Create()
    {
        Store.AcceptOnlyFromAmong(BenchStores.Sqlite, BenchStores.Postgres);
        var root = new RootCommand("Benchmarks of the EdgeFlows durable runtime on a real host and store.")
        {
            Store, Json, Repeat, Timeout, Profile,
            Scenario("sequence", "One orchestration of N sequential no-op activities.",
                "--activities", "Activities to run (N).", SequenceScenario.RunAsync),
            Scenario("fanout", "One orchestration of N parallel no-op activities, then fan-in.",
                "--activities", "Activities to run (N).", FanOutScenario.RunAsync),
            Scenario("hello", "N orchestrations of 5 sequential activities, all started at once.",
                "--orchestrations", "Orchestrations to run (N).", HelloScenario.RunAsync),
            Scenario("latency", "N orchestrations one at a time: start to first activity running, and start to completed.",
                "--orchestrations", "Orchestrations to run (N).", LatencyScenario.RunAsync),
            Scenario("idle", "A worker host with nothing to do for N seconds: CPU seconds used per minute.",
                "--seconds", "Seconds to measure (N).", IdleScenario.RunAsync),
            BlobTriggerCommand.Create(Json),
            PipelineCommand.Create(Json),
        };
        return root;
    }

    private static Command Scenario(string name, string description, string sizeName, string sizeDescription, ScenarioRun run)
    {
        var size = PositiveInt(sizeName, sizeDescription, defaultValue: null);
        var command = new Command(name, description) { size };
        command.SetAction((parse, cancellationToken) =>
        {
            var settings = new BenchSettings(
                parse.GetRequiredValue(Store),
                TimeSpan.FromSeconds(parse.GetValue(Timeout)),
                parse.GetValue(Profile));
            var n = parse.GetValue(size);
            var runner = new BenchRunner(name, $"{sizeName} {n}", settings, parse.GetValue(Json));
            return runner.RunAsync(parse.GetValue(Repeat), token => run(n, settings, token), cancellationToken);
        });
        return command;
    }

    /// <summary>A whole-number option that must be at least 1; required when it has no default.</summary>
    private static Option<int> PositiveInt(string name, string description, int? defaultValue)
    {
        var option = new Option<int>(name) { Description = description, Recursive = defaultValue is not null };
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }
        else
        {
            option.Required = true;
        }

        // A custom parser, so "abc", "0" and "-5" all get the same clear message.
        option.CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
            {
                return n;
            }

            result.AddError($"{name} must be a whole number of at least 1, not '{token}'.");
            return 0;
        };
        return option;
    }
}

/// <summary>One run of a scenario of size <paramref name="n"/>, in a fresh host and store.</summary>
internal delegate Task<BenchMetrics> ScenarioRun(int n, BenchSettings settings, CancellationToken cancellationToken);
