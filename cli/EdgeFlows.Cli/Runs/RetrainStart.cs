// What `edgeflows start` asks for, checked with the app's own rules (POST /api/retrain/{dataset}:
// names of 1–64 of A-Z a-z 0-9 . _ -, a reason of at most 500 characters, a request id of 1–200
// visible ASCII characters), so a bad value is refused before anything is sent, naming its option.
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeFlows.Cli.Runs;

/// <summary>A retrain to start.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Recipe">The recipe, or null for the dataset's.</param>
/// <param name="Target">The training target, or null to let the pipeline pick.</param>
/// <param name="Reason">Why, kept with the run.</param>
/// <param name="RequestId">Makes the start idempotent: the same request id for the same dataset gives the same run.</param>
public sealed partial record RetrainStart(string Dataset, string? Recipe = null, string? Target = null, string? Reason = null, string? RequestId = null)
{
    /// <summary>The orchestration a retrain runs.</summary>
    public const string OrchestratorName = "Retrain";

    /// <summary>The trigger recorded for runs started by the CLI (the pipeline's "http": a request, not new data or a schedule).</summary>
    public const string Trigger = "http";

    /// <summary>Longest reason.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Longest request id.</summary>
    public const int MaxRequestIdLength = 200;

    /// <summary>Throws a usage error naming the first bad argument or option.</summary>
    public void Validate()
    {
        if (!Name().IsMatch(Dataset) || Dataset is "." or "..")
        {
            throw CliException.Usage($"The dataset '{Dataset}' is not valid: use 1–64 of A-Z a-z 0-9 . _ - (not '.' or '..').");
        }

        CheckName("--recipe", Recipe);
        CheckName("--target", Target);
        if (Reason is not null && (Reason.Length > MaxReasonLength || Reason.Any(c => char.IsControl(c) && c is not ('\n' or '\t'))))
        {
            throw CliException.Usage($"Option '--reason' must be at most {MaxReasonLength} characters without control characters.");
        }

        if (RequestId is not null && (RequestId.Length is 0 or > MaxRequestIdLength || RequestId.Any(c => c is < '!' or > '~')))
        {
            throw CliException.Usage($"Option '--request-id' must be 1–{MaxRequestIdLength} visible ASCII characters (no spaces).");
        }
    }

    /// <summary>
    /// The instance id of the run: <c>retrain:{dataset}:{24 hex}</c>, derived from the dataset and
    /// request id when there is one (SHA-256 of <c>dataset \n requestId</c>), random otherwise.
    /// The app derives HTTP-started runs' ids the same way, so a request id names one run
    /// whichever way it was started.
    /// </summary>
    public string InstanceId()
    {
        var suffix = RequestId is null
            ? Guid.NewGuid().ToString("N")[..24]
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Dataset}\n{RequestId}")))[..24];
        return $"retrain:{Dataset}:{suffix}";
    }

    /// <summary>The orchestration's input, as the pipeline's RetrainRequest reads it.</summary>
    public object Input() => new Dictionary<string, string?>
    {
        ["dataset"] = Dataset,
        ["trigger"] = Trigger,
        ["reason"] = Reason,
        ["recipe"] = Recipe,
        ["target"] = Target,
    };

    /// <summary>The optional body of <c>POST /api/retrain/{dataset}</c>, or null when empty.</summary>
    public object? Body() => Recipe is null && Target is null && Reason is null
        ? null
        : new Dictionary<string, string?> { ["recipe"] = Recipe, ["target"] = Target, ["reason"] = Reason };

    private static void CheckName(string option, string? value)
    {
        if (value is not null && !Name().IsMatch(value))
        {
            throw CliException.Usage($"Option '{option}' must be 1–64 of A-Z a-z 0-9 . _ - (got {(value.Length > 64 ? value.Length + " characters" : $"'{value}'")}).");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex Name();
}

/// <summary>A started (or, with a request id, found) run.</summary>
/// <param name="InstanceId">Its instance id.</param>
/// <param name="Dataset">Its dataset.</param>
public sealed record StartedRun(string InstanceId, string Dataset);
