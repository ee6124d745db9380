// The demo client's settings. eng/demo.sh starts the app and passes the same values to both;
// secrets (the app's host key, the storage connection string, the webhook secret) come from
// environment variables, so they never show in a process list.
using System.Globalization;

namespace EdgeFlows.Samples.Demo;

/// <summary>Where the demo's app, storage and receiver are, and how long to wait for each.</summary>
public sealed record DemoOptions
{
    /// <summary>The environment variable holding the app's host key.</summary>
    public const string KeyVariable = "EDGEFLOWS_DEMO_KEY";

    /// <summary>The environment variable holding the storage connection string.</summary>
    public const string StorageVariable = "EDGEFLOWS_DEMO_STORAGE";

    /// <summary>The environment variable holding the webhook secret (<c>whsec_…</c>).</summary>
    public const string WebhookSecretVariable = "EDGEFLOWS_DEMO_WEBHOOK_SECRET";

    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: EdgeFlows.Samples.Demo --app <url> --receiver-port <port> --data <csv> --cli <edgeflows.dll> [options]
        (eng/demo.sh runs it; see there.)

          --app <url>              The running EdgeFlows app (http://127.0.0.1:PORT)
          --receiver-port <port>   Port of the webhook receiver on 127.0.0.1 (the app's webhook URL)
          --receiver-path <path>   Its path (default /edgeflows/events)
          --data <csv>             The data set to upload in parts
          --container <name>       The watched container (default training-data)
          --dataset <name>         The dataset, the first path segment of its blobs (default breast-cancer)
          --layout <folder>        The app's OCI image layout folder (to check the images in it)
          --registry <host:port>   Or the registry the app pushes to
          --cli <file>             The edgeflows CLI (its edgeflows.dll) that watches the runs
          --run-timeout <s>        Longest wait for one run, from upload to its end (default 240)

        Environment: EDGEFLOWS_DEMO_KEY (the app's host key), EDGEFLOWS_DEMO_STORAGE (storage
        connection string), EDGEFLOWS_DEMO_WEBHOOK_SECRET (the webhook's whsec_ secret).
        Exit code: 0 when both runs completed and their webhooks arrived signed, 1 otherwise.
        """;

    /// <summary>The app's base address.</summary>
    public required Uri App { get; init; }

    /// <summary>The app's host key.</summary>
    public required string Key { get; init; }

    /// <summary>The storage connection string.</summary>
    public required string Storage { get; init; }

    /// <summary>The webhook secret.</summary>
    public required string WebhookSecret { get; init; }

    /// <summary>The webhook receiver's port on 127.0.0.1.</summary>
    public required int ReceiverPort { get; init; }

    /// <summary>The webhook receiver's path.</summary>
    public string ReceiverPath { get; init; } = "/edgeflows/events";

    /// <summary>The CSV data set.</summary>
    public required string DataPath { get; init; }

    /// <summary>The watched container.</summary>
    public string Container { get; init; } = "training-data";

    /// <summary>The dataset (its blobs are <c>{Dataset}/…</c> in <see cref="Container"/>).</summary>
    public string Dataset { get; init; } = "breast-cancer";

    /// <summary>The OCI layout folder the app writes images to, if it has no registry.</summary>
    public string? LayoutFolder { get; init; }

    /// <summary>The registry the app pushes images to, if any.</summary>
    public string? Registry { get; init; }

    /// <summary>The edgeflows CLI's dll.</summary>
    public required string Cli { get; init; }

    /// <summary>Longest wait for one run, from its upload to its end.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromSeconds(240);

    /// <summary>Parses the arguments and environment; returns null with an error message (or none, for --help).</summary>
    public static DemoOptions? Parse(IReadOnlyList<string> args, Func<string, string?> environment, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        error = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--help" or "-h")
            {
                return null;
            }

            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                error = $"'{args[i]}' is not an option with a value.";
                return null;
            }

            values[args[i][2..]] = args[++i];
        }

        try
        {
            var options = new DemoOptions
            {
                App = Url(Required(values, "app"), "--app"),
                Key = Secret(environment, KeyVariable),
                Storage = Secret(environment, StorageVariable),
                WebhookSecret = Secret(environment, WebhookSecretVariable),
                ReceiverPort = Number(Required(values, "receiver-port"), "--receiver-port", 1, 65535),
                DataPath = ExistingFile(Required(values, "data"), "--data"),
                Cli = ExistingFile(Required(values, "cli"), "--cli"),
                LayoutFolder = values.Remove("layout", out var layout) ? Path.GetFullPath(layout) : null,
                Registry = values.Remove("registry", out var registry) ? registry : null,
                RunTimeout = values.Remove("run-timeout", out var timeout)
                    ? TimeSpan.FromSeconds(Number(timeout, "--run-timeout", 10, 3600))
                    : TimeSpan.FromSeconds(240),
            };
            options = options with
            {
                ReceiverPath = values.Remove("receiver-path", out var path) ? path : options.ReceiverPath,
                Container = values.Remove("container", out var container) ? container : options.Container,
                Dataset = values.Remove("dataset", out var dataset) ? dataset : options.Dataset,
            };
            if (values.Count > 0)
            {
                throw new FormatException($"Unknown option '--{values.Keys.First()}'.");
            }

            return options;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    private static string Required(Dictionary<string, string> values, string name) =>
        values.Remove(name, out var value) ? value : throw new FormatException($"--{name} is required.");

    private static string Secret(Func<string, string?> environment, string variable) =>
        environment(variable) is { Length: > 0 } value ? value : throw new FormatException($"The environment variable {variable} is required.");

    private static Uri Url(string text, string option) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException($"{option} must be an http(s) URL, not '{text}'.");

    private static int Number(string text, string option, int minimum, int maximum) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw new FormatException($"{option} must be a whole number from {minimum} to {maximum}, not '{text}'.");

    private static string ExistingFile(string path, string option) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new FormatException($"{option}: there is no file '{path}'.");
}
