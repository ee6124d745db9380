// `blob-trigger --blobs N --existing M [--connection C] [--poll-interval 1s] [--json]`
// (issue 3): detection latency of the blob trigger. The scenario itself lives in
// bench/EdgeFlows.Bench.BlobTrigger; this file is its command line.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeFlows.Bench.BlobTrigger;

namespace EdgeFlows.Bench;

/// <summary>The blob-trigger benchmark's subcommand.</summary>
internal static class BlobTriggerCommand
{
    private static readonly JsonSerializerOptions OneLine = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create(Option<bool> json)
    {
        var blobs = Count("--blobs", "New blobs to upload and measure (N, at least 1).", minimum: 1);
        var existing = Count("--existing", "Blobs already in the container before the measurement (M, 0 or more).", minimum: 0);
        var connection = new Option<string?>("--connection")
        {
            Description = "A storage connection string; without it the bench starts Azurite on 127.0.0.1 and stops it after.",
        };
        var pollInterval = new Option<TimeSpan>("--poll-interval")
        {
            Description = "The trigger's poll interval, e.g. 1s or 500ms (default 1s).",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(1),
            CustomParser = result => ParseDuration(result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty, result.AddError),
        };

        var command = new Command("blob-trigger", "Blob written → orchestration signalled: detection latency with M blobs already in the container.")
        {
            blobs, existing, connection, pollInterval,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new BlobTriggerBenchmarkOptions
            {
                Blobs = parse.GetValue(blobs),
                Existing = parse.GetValue(existing),
                Connection = parse.GetValue(connection),
                PollInterval = parse.GetValue(pollInterval),
                Progress = message => Console.Error.WriteLine(message),
            };
            var result = await BlobTriggerBenchmark.RunAsync(options, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(result, OneLine));
            }
            else
            {
                Console.WriteLine(result.ToJson());
            }

            return 0;
        });
        return command;
    }

    private static Option<int> Count(string name, string description, int minimum) => new(name)
    {
        Description = description,
        Required = true,
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= minimum)
            {
                return n;
            }

            result.AddError($"{name} must be a whole number of at least {minimum}, not '{token}'.");
            return 0;
        },
    };

    private static TimeSpan ParseDuration(string token, Action<string> error)
    {
        var (number, unit) = token.EndsWith("ms", StringComparison.Ordinal) ? (token[..^2], 0.001)
            : token.EndsWith('s') ? (token[..^1], 1.0)
            : token.EndsWith('m') ? (token[..^1], 60.0)
            : (token, 1.0);
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return TimeSpan.FromSeconds(value * unit);
        }

        error($"--poll-interval must be a positive duration such as 1s or 500ms, not '{token}'.");
        return TimeSpan.Zero;
    }
}
