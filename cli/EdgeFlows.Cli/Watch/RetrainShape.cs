// What the CLI knows of the Retrain pipeline's shape, to show its progress as the pipeline's
// steps rather than as raw activity calls: the steps in order, and the activities and timers
// that belong to a step without carrying its name. The names are part of every run's history
// (functions/EdgeFlows.Functions/Pipeline/RetrainSteps.cs), so they are stable.
using System.Text.RegularExpressions;

namespace EdgeFlows.Cli.Watch;

/// <summary>The Retrain orchestration's steps.</summary>
internal static partial class RetrainShape
{
    /// <summary>The steps, in the order a run goes through them.</summary>
    public static IReadOnlyList<string> Steps { get; } =
        ["PlanRetrain", "CheckCompute", "StartTraining", "Wait", "RegisterModel", "BuildAndPushImage", "Notify"];

    private static readonly Dictionary<string, string> ActivitySteps = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GetTrainingStatus"] = "Wait",
        ["SendWebhook"] = "Notify",
    };

    /// <summary>True for runs of the Retrain orchestration.</summary>
    public static bool Applies(string orchestratorName) => string.Equals(orchestratorName, "Retrain", StringComparison.OrdinalIgnoreCase);

    /// <summary>The step an activity belongs to (its own name for the steps' own activities).</summary>
    public static string StepOf(string activity) => ActivitySteps.TryGetValue(activity, out var step) ? step : activity;

    /// <summary>
    /// The step a failed run stopped at, from its failure reason ("Retrain of dataset 'd' at
    /// Wait (…) failed: …"); null when the reason does not say.
    /// </summary>
    public static string? FailedStep(string? reason)
    {
        if (reason is null)
        {
            return null;
        }

        var match = FailedAt().Match(reason);
        return match.Success ? match.Groups["step"].Value : null;
    }

    [GeneratedRegex(@"\bat (?<step>PlanRetrain|CheckCompute|StartTraining|Wait|RegisterModel|BuildAndPushImage|Notify)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FailedAt();
}
