namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>
/// How the <see cref="Retrain"/> orchestration behaves: <c>EdgeFlows:Retrain</c>. A run
/// records these settings in its plan when it starts, so changing them affects later runs only.
/// </summary>
public sealed class RetrainOptions
{
    /// <summary>The recipe of datasets that name none. Default <c>default</c>.</summary>
    public string DefaultRecipe { get; set; } = "default";

    /// <summary>
    /// Where a job's outputs go, within the dataset's container: a blob prefix with
    /// <c>{dataset}</c> and <c>{job}</c>. Default <c>models/{dataset}/{job}/</c>, which the blob
    /// trigger ignores by default.
    /// </summary>
    public string OutputPrefix { get; set; } = "models/{dataset}/{job}/";

    /// <summary>
    /// Lifetime of the read SAS URLs a job gets for its inputs: it downloads them when it
    /// starts. Default 1 h. (Write URLs for outputs last the recipe's MaxDuration plus this.)
    /// </summary>
    public TimeSpan SasLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most input blobs of one run (they are listed in its history). Default 1000.</summary>
    public int MaxInputBlobs { get; set; } = 1000;

    /// <summary>Last log lines of a job shown in the run's custom status. Default 10.</summary>
    public int StatusLogLines { get; set; } = 10;

    /// <summary>Polling the job's status while it trains.</summary>
    public WaitOptions Wait { get; set; } = new();

    /// <summary>Waiting for a fit training target.</summary>
    public ComputeOptions Compute { get; set; } = new();

    /// <summary>Each step's retry policy.</summary>
    public RetryPoliciesOptions Retry { get; set; } = new();

    /// <summary>
    /// How often the app looks for runs terminated while their training job may still run, to
    /// cancel those jobs on their targets (<see cref="TerminatedRunJobCanceller"/>). Default 30 s.
    /// </summary>
    public TimeSpan TerminatedRunScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate(string key, IEnumerable<string> recipeNames, Action<bool, string, string> require)
    {
        require(recipeNames.Contains(DefaultRecipe, StringComparer.OrdinalIgnoreCase), $"{key}:{nameof(DefaultRecipe)}",
            $"names no configured recipe ('{DefaultRecipe}'); add EdgeFlows:Recipes:{DefaultRecipe} or name another");
        require(OutputPrefix.Contains("{job}", StringComparison.Ordinal) && OutputPrefix.EndsWith('/') && !OutputPrefix.StartsWith('/') && !OutputPrefix.Any(char.IsControl),
            $"{key}:{nameof(OutputPrefix)}", "must hold {job}, end with '/' and not start with '/'");
        require(SasLifetime >= TimeSpan.FromMinutes(1) && SasLifetime <= TimeSpan.FromDays(7), $"{key}:{nameof(SasLifetime)}", "must be between 1 minute and 7 days");
        require(MaxInputBlobs is >= 1 and <= 10_000, $"{key}:{nameof(MaxInputBlobs)}", "must be between 1 and 10000");
        require(StatusLogLines is >= 0 and <= 100, $"{key}:{nameof(StatusLogLines)}", "must be between 0 and 100");
        require(TerminatedRunScanInterval >= TimeSpan.FromMilliseconds(100) && TerminatedRunScanInterval <= TimeSpan.FromHours(1), $"{key}:{nameof(TerminatedRunScanInterval)}", "must be between 100 ms and 1 hour");
        Wait.Validate($"{key}:{nameof(Wait)}", require);
        Compute.Validate($"{key}:{nameof(Compute)}", require);
        Retry.Validate($"{key}:{nameof(Retry)}", require);
    }
}

/// <summary>
/// The Wait step's polling (<c>EdgeFlows:Retrain:Wait</c>): durable timers from
/// <see cref="FirstPollInterval"/>, growing by <see cref="BackoffCoefficient"/> up to
/// <see cref="MaxPollInterval"/>. A job that trains for hours costs a poll every few minutes.
/// </summary>
public sealed class WaitOptions
{
    /// <summary>Delay before the first status poll. Default 5 s.</summary>
    public TimeSpan FirstPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Growth of the delay per poll (≥ 1). Default 1.5.</summary>
    public double BackoffCoefficient { get; set; } = 1.5;

    /// <summary>Longest delay between polls. Default 5 min.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMinutes(5);

    internal void Validate(string key, Action<bool, string, string> require)
    {
        require(FirstPollInterval >= TimeSpan.FromMilliseconds(10), $"{key}:{nameof(FirstPollInterval)}", "must be at least 10 ms");
        require(BackoffCoefficient is >= 1.0 and <= 10.0, $"{key}:{nameof(BackoffCoefficient)}", "must be between 1 and 10");
        require(MaxPollInterval >= FirstPollInterval && MaxPollInterval <= TimeSpan.FromHours(1), $"{key}:{nameof(MaxPollInterval)}", "must be at least FirstPollInterval and at most 1 hour");
    }
}

/// <summary>
/// The CheckCompute step (<c>EdgeFlows:Retrain:Compute</c>): when no target is fit, check again
/// every <see cref="RecheckInterval"/> until <see cref="Deadline"/> has passed, then fail.
/// </summary>
public sealed class ComputeOptions
{
    /// <summary>How long to wait for a fit target before failing the run. Default 1 h (0: fail at once).</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Time between checks while no target is fit. Default 1 min.</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    internal void Validate(string key, Action<bool, string, string> require)
    {
        require(Deadline >= TimeSpan.Zero && Deadline <= TimeSpan.FromDays(7), $"{key}:{nameof(Deadline)}", "must be between 0 and 7 days");
        require(RecheckInterval >= TimeSpan.FromMilliseconds(10) && RecheckInterval <= TimeSpan.FromDays(1), $"{key}:{nameof(RecheckInterval)}", "must be between 10 ms and 1 day");
    }
}
