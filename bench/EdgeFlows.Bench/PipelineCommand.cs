// `pipeline --runs N [--runner local|ssh] [--ssh-client openssh|managed] [--python PATH] [--rows R] [--first-poll 100ms] [--json]` (issue 4):
// end-to-end Retrain runs with the reference trainer; EdgeFlows' overhead per run (total minus
// the training command's own time) and bytes pushed per image. The scenario itself lives in
// bench/EdgeFlows.Bench.Pipeline; this file is its command line.
using System.CommandLine;
using System.Globalization;
using EdgeFlows.Bench.Pipeline;

namespace EdgeFlows.Bench;

/// <summary>The pipeline benchmark's subcommand.</summary>
internal static class PipelineCommand
{
    public static Command Create(Option<bool> json)
    {
        var runs = new Option<int>("--runs")
        {
            Description = "Measured end-to-end runs (N, at least 1); one warm-up run comes first.",
            Required = true,
            CustomParser = result => Positive(result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty, "--runs", result.AddError),
        };
        var runner = new Option<string>("--runner")
        {
            Description = "Where training runs: local (a process here) or ssh (to the test sshd on 127.0.0.1).",
            DefaultValueFactory = _ => "local",
        };
        runner.AcceptOnlyFromAmong("local", "ssh");
        var sshClient = new Option<string>("--ssh-client")
        {
            Description = "With --runner ssh: the OpenSSH program (openssh, the default) or SSH.NET in process (managed, the Windows default).",
            DefaultValueFactory = _ => "openssh",
        };
        sshClient.AcceptOnlyFromAmong("openssh", "managed");
        var python = new Option<string>("--python")
        {
            Description = "The Python 3 interpreter of the job wrapper and the trainer, on the target (default python3 on PATH).",
            DefaultValueFactory = _ => "python3",
        };
        var rows = new Option<int>("--rows")
        {
            Description = "Rows of the Breast Cancer data in the first run; each run adds one (default 200).",
            DefaultValueFactory = _ => 200,
            CustomParser = result => Positive(result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty, "--rows", result.AddError),
        };
        var firstPoll = new Option<TimeSpan>("--first-poll")
        {
            Description = "The Wait step's first poll interval, e.g. 100ms (default); it grows by 1.5 up to 1 s.",
            DefaultValueFactory = _ => TimeSpan.FromMilliseconds(100),
            CustomParser = result => Duration(result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty, result.AddError),
        };

        var command = new Command("pipeline", "End-to-end Retrain runs with the reference trainer: EdgeFlows' overhead per run and bytes pushed per image.")
        {
            runs, runner, sshClient, python, rows, firstPoll,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new PipelineBenchmarkOptions
            {
                Runs = parse.GetValue(runs),
                Runner = parse.GetRequiredValue(runner),
                SshClient = parse.GetRequiredValue(sshClient),
                Python = parse.GetRequiredValue(python),
                Rows = parse.GetValue(rows),
                FirstPollInterval = parse.GetValue(firstPoll),
                Progress = message => Console.Error.WriteLine(message),
            };
            var result = await PipelineBenchmark.RunAsync(options, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(result.ToJson());
            if (!parse.GetValue(json))
            {
                Console.Error.WriteLine($"overhead p50 {result.OverheadMs.P50:F0} ms, p99 {result.OverheadMs.P99:F0} ms; pushed/layer p50 {result.PushedOverLayer.P50:F3}");
            }

            return 0;
        });
        return command;
    }

    private static int Positive(string token, string name, Action<string> error)
    {
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
        {
            return n;
        }

        error($"{name} must be a whole number of at least 1, not '{token}'.");
        return 0;
    }

    private static TimeSpan Duration(string token, Action<string> error)
    {
        var (number, unit) = token.EndsWith("ms", StringComparison.Ordinal) ? (token[..^2], 0.001) : token.EndsWith('s') ? (token[..^1], 1.0) : (token, 1.0);
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return TimeSpan.FromSeconds(value * unit);
        }

        error($"--first-poll must be a positive duration such as 100ms or 1s, not '{token}'.");
        return TimeSpan.Zero;
    }
}
