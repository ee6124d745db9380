// The RegisterModel step: reads the job's metrics.json (a small file; the model itself stays
// in storage), registers the version with its lineage, and lets the gate decide. A rejected
// challenger is recorded as Rejected here; a winner stays a Candidate until its image is
// pushed (BuildAndPushImage promotes it then), so the registry never shows a champion without
// an image. Idempotent: the registry returns the run's version if it has one, and a version
// already judged keeps that judgement (a redelivery must not compare the champion with
// itself); a winner still waiting for its image is judged again against the same champion.
using System.Text.Json;
using EdgeFlows.Activities.Models;
using EdgeFlows.Activities.Storage;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Pipeline.Activities;

/// <summary>Registers the trained model version and applies the promotion gate.</summary>
public sealed class RegisterModel(IModelRegistry registry, RetrainStorage storage, SecretRedactor redactor, ILogger<RegisterModel> logger)
    : RetrainActivity<RegisterModelInput, RegisteredModel>(redactor, logger)
{
    /// <summary>The largest metrics file read (it is a JSON object of numbers).</summary>
    public const int MaxMetricsBytes = 1024 * 1024;

    /// <inheritdoc />
    protected override async Task<RegisteredModel> ExecuteAsync(TaskActivityContext context, RegisterModelInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var metrics = await ReadMetricsAsync(input, cancellationToken);
        var version = await registry.RegisterAsync(
            new ModelRegistration
            {
                Name = input.ModelName,
                RunId = input.RunId,
                ArtifactUri = ArtifactUri(input),
                Metrics = metrics,
                Tags = new Dictionary<string, string>
                {
                    ["dataset"] = input.Dataset,
                    ["recipe"] = input.Recipe,
                    ["target"] = input.Target,
                    ["trigger"] = input.Trigger,
                },
                Lineage = new ModelLineage
                {
                    Dataset = input.Dataset,
                    DataFingerprint = input.DataFingerprint,
                    RunId = input.RunId,
                    InstanceId = input.InstanceId,
                    Target = input.Target,
                    Recipe = input.Recipe,
                    CodeVersion = input.CodeVersion,
                    Trigger = input.Trigger,
                    Blobs = input.InputBlobs,
                },
            },
            cancellationToken);

        if (version.Stage != ModelStage.Candidate)
        {
            // Judged by an earlier delivery of this call: keep its decision.
            return Result(version, version.Stage is ModelStage.Promoted or ModelStage.Archived, version.StageReason ?? version.Stage.ToString());
        }

        var champion = await registry.GetPromotedAsync(input.ModelName, cancellationToken);
        var decision = input.Gate.ToGate().Decide(version.Metrics, champion);
        if (!decision.Promote)
        {
            version = await registry.SetStageAsync(input.ModelName, version.Version, ModelStage.Rejected, decision.Reason, cancellationToken);
        }

        return Result(version, decision.Promote, decision.Reason);
    }

    /// <inheritdoc />
    protected override bool IsRefusal(Exception exception) =>
        exception is BlobStorageException { IsBlobNotFound: true } or JsonException || base.IsRefusal(exception);

    /// <summary>The outputs' folder as a plain blob URL: no SAS (the registry keeps entries for ever).</summary>
    private string ArtifactUri(RegisterModelInput input) =>
        $"{storage.Client.BlobEndpoint}/{input.Container}/{string.Join('/', input.OutputPrefix.Split('/').Select(Uri.EscapeDataString))}";

    private static RegisteredModel Result(ModelVersion version, bool promoted, string reason) =>
        new(version.Name, version.Version, promoted, reason, version.Metrics, version.ArtifactUri);

    private async Task<IReadOnlyDictionary<string, double>> ReadMetricsAsync(RegisterModelInput input, CancellationToken cancellationToken)
    {
        var blob = input.OutputPrefix + input.MetricsFile;
        BlobDownloadResult download;
        try
        {
            download = await storage.Client.DownloadAsync(input.Container, blob, cancellationToken);
        }
        catch (BlobStorageException ex) when (ex.IsBlobNotFound)
        {
            throw new RetrainStepRefusedException($"The job wrote no {input.MetricsFile}: {input.Container}/{blob} does not exist.");
        }

        await using (download)
        {
            if (download.Properties.ContentLength > MaxMetricsBytes)
            {
                throw new RetrainStepRefusedException($"{input.Container}/{blob} is {download.Properties.ContentLength:N0} bytes; a metrics file may have at most {MaxMetricsBytes:N0}.");
            }

            using var document = await JsonDocument.ParseAsync(download.Content, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RetrainStepRefusedException($"{input.Container}/{blob} must hold a JSON object of metrics, not a {document.RootElement.ValueKind}.");
            }

            // Numbers are metrics; anything else (notes, confusion matrices) is not compared.
            return document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Number && double.IsFinite(p.Value.GetDouble()))
                .ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
        }
    }
}
