namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>
/// The retry policy of each step's activity (<c>EdgeFlows:Retrain:Retry:{Step}</c>). Every
/// step has its own, with defaults suited to what it talks to.
/// </summary>
public sealed class RetryPoliciesOptions
{
    /// <summary>Resolving the run's plan and listing its data (storage). Default 3 attempts from 2 s.</summary>
    public RetryOptions Plan { get; set; } = new() { FirstRetryInterval = TimeSpan.FromSeconds(2) };

    /// <summary>Probing one target. Default 2 attempts from 2 s; an unreachable target is a report, not a failure.</summary>
    public RetryOptions CheckCompute { get; set; } = new() { MaxAttempts = 2, FirstRetryInterval = TimeSpan.FromSeconds(2) };

    /// <summary>Starting the job (idempotent by job id). Default 5 attempts from 5 s.</summary>
    public RetryOptions StartTraining { get; set; } = new() { MaxAttempts = 5 };

    /// <summary>One status poll; a poll that still fails is recorded and the next poll tries again. Default 3 attempts from 2 s.</summary>
    public RetryOptions GetTrainingStatus { get; set; } = new() { FirstRetryInterval = TimeSpan.FromSeconds(2) };

    /// <summary>Cancelling the job. Default 3 attempts from 2 s.</summary>
    public RetryOptions CancelTraining { get; set; } = new() { FirstRetryInterval = TimeSpan.FromSeconds(2) };

    /// <summary>Reading metrics and registering the version (idempotent by run id). Default 5 attempts from 2 s.</summary>
    public RetryOptions RegisterModel { get; set; } = new() { MaxAttempts = 5, FirstRetryInterval = TimeSpan.FromSeconds(2) };

    /// <summary>Building and pushing the image (pushes skip blobs the registry has). Default 4 attempts from 10 s.</summary>
    public RetryOptions BuildAndPushImage { get; set; } = new() { MaxAttempts = 4, FirstRetryInterval = TimeSpan.FromSeconds(10) };

    /// <summary>One webhook call; the sender retries within a call too. Default 2 attempts from 30 s.</summary>
    public RetryOptions SendWebhook { get; set; } = new() { MaxAttempts = 2, FirstRetryInterval = TimeSpan.FromSeconds(30) };

    /// <summary>Each step's settings, by step name.</summary>
    public IReadOnlyDictionary<string, RetrySettings> ToSettings() => new Dictionary<string, RetrySettings>(StringComparer.Ordinal)
    {
        [RetrainSteps.Plan] = Plan.ToSettings(),
        [RetrainSteps.CheckCompute] = CheckCompute.ToSettings(),
        [RetrainSteps.StartTraining] = StartTraining.ToSettings(),
        [RetrainSteps.GetTrainingStatus] = GetTrainingStatus.ToSettings(),
        [RetrainSteps.CancelTraining] = CancelTraining.ToSettings(),
        [RetrainSteps.RegisterModel] = RegisterModel.ToSettings(),
        [RetrainSteps.BuildAndPushImage] = BuildAndPushImage.ToSettings(),
        [RetrainSteps.SendWebhook] = SendWebhook.ToSettings(),
    };

    internal void Validate(string key, Action<bool, string, string> require)
    {
        Plan.Validate($"{key}:{nameof(Plan)}", require);
        CheckCompute.Validate($"{key}:{nameof(CheckCompute)}", require);
        StartTraining.Validate($"{key}:{nameof(StartTraining)}", require);
        GetTrainingStatus.Validate($"{key}:{nameof(GetTrainingStatus)}", require);
        CancelTraining.Validate($"{key}:{nameof(CancelTraining)}", require);
        RegisterModel.Validate($"{key}:{nameof(RegisterModel)}", require);
        BuildAndPushImage.Validate($"{key}:{nameof(BuildAndPushImage)}", require);
        SendWebhook.Validate($"{key}:{nameof(SendWebhook)}", require);
    }
}
