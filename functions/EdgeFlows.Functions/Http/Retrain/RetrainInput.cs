// The input the HTTP API gives the Retrain orchestration. It mirrors the pipeline's
// RetrainRequest {Dataset, Snapshot, Trigger, Recipe, Target, Reason}, which is written in
// parallel: once it lands, ToInput should return it and this record goes away.
namespace EdgeFlows.Functions.Http.Retrain;

/// <summary>The Retrain orchestration's input for a run asked for over HTTP.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Snapshot">Which data: null for the dataset's latest data (an HTTP start names no blobs).</param>
/// <param name="Trigger">What started the run: always <see cref="HttpTrigger"/> here.</param>
/// <param name="Recipe">The recipe, or null for the dataset's configured one.</param>
/// <param name="Target">The target, or null to let the pipeline pick.</param>
/// <param name="Reason">Why, as the caller put it.</param>
public sealed record RetrainInput(string Dataset, object? Snapshot, string Trigger, string? Recipe, string? Target, string? Reason)
{
    /// <summary>The trigger kind of runs started over HTTP.</summary>
    public const string HttpTrigger = "http";

    /// <summary>The input for <paramref name="dataset"/> and the request's optional body.</summary>
    public static RetrainInput ToInput(string dataset, RetrainBody? body) =>
        new(dataset, Snapshot: null, HttpTrigger, body?.Recipe, body?.Target, body?.Reason);
}
