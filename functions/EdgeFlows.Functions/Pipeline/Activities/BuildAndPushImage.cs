// The BuildAndPushImage step, for a promoted version: the model files stream from blob storage
// into the image's layer (the model, not the training data, passes through here), with the
// recipe's code files (the scoring entrypoint) beside them, on the configured base image. The
// image is deterministic (no creation time), so a redelivered call pushes nothing new and the
// registry keeps one manifest. Without a registry the image goes into an OCI layout folder.
// Only then is the version promoted (archiving the previous champion in the same registry
// transaction): a version whose image never arrives is never the champion.
using System.Globalization;
using EdgeFlows.Activities.Images;
using EdgeFlows.Activities.Models;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline.Activities;

/// <summary>Builds the gate's winner's image, pushes it as <c>{repository}:{version}</c>, records it in the registry entry and promotes the version.</summary>
public sealed class BuildAndPushImage(
    IOptions<RetrainPipelineOptions> options,
    ModelImageBuilder builder,
    RegistryClients registries,
    IModelRegistry models,
    RetrainStorage storage,
    SecretRedactor redactor,
    ILogger<BuildAndPushImage> logger)
    : RetrainActivity<BuildImageInput, PushedImage>(redactor, logger)
{
    /// <inheritdoc />
    protected override async Task<PushedImage> ExecuteAsync(TaskActivityContext context, BuildImageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var image = options.Value.Image;
        var version = input.Version.ToString(CultureInfo.InvariantCulture);
        var request = new ModelImageRequest
        {
            Repository = image.Repository.Replace("{model}", input.ModelName, StringComparison.Ordinal),
            Tag = version,
            BaseImage = string.IsNullOrWhiteSpace(image.BaseImage) ? null : ImageReference.Parse(image.BaseImage),
            Files = await FilesAsync(input, image.ModelPath.TrimEnd('/'), cancellationToken),
            Entrypoint = image.EffectiveEntrypoint,
            Labels = ModelImageLabels.Create(input.ModelName, version, input.Metrics, input.DataFingerprint, input.Dataset, input.RunId, input.CodeVersion),
        };

        PushedImage pushed;
        if (string.IsNullOrWhiteSpace(image.Registry))
        {
            var layout = await builder.WriteLayoutAsync(request, new OciLayoutWriter(image.LayoutFolder), registries.BaseRegistry(request.BaseImage), cancellationToken);
            pushed = new PushedImage($"oci:{layout.LayoutPath}:{layout.RefName}", layout.ManifestDigest, layout.BytesWritten, layout.BlobsSkipped, layout.LayerSize);
        }
        else
        {
            var result = await builder.PushAsync(request, registries.Target(), registries.BaseRegistry(request.BaseImage), cancellationToken);
            pushed = new PushedImage(
                $"{result.Reference.Registry}/{result.Reference.Repository}:{result.Reference.Tag}",
                result.ManifestDigest,
                result.BytesUploaded,
                result.BlobsSkipped + result.BlobsMounted,
                result.LayerSize);
        }

        await models.SetImageAsync(input.ModelName, input.Version, pushed.Reference, pushed.Digest, cancellationToken);
        await models.SetStageAsync(input.ModelName, input.Version, ModelStage.Promoted, input.GateReason ?? "promoted by the gate", cancellationToken);
        return pushed;
    }

    /// <inheritdoc />
    protected override bool IsRefusal(Exception exception) =>
        exception is RegistryAuthenticationException or OciRegistryException { IsAccessDenied: true } || base.IsRefusal(exception);

    private async Task<IReadOnlyList<ImageFile>> FilesAsync(BuildImageInput input, string modelPath, CancellationToken cancellationToken)
    {
        var files = new List<ImageFile>();
        foreach (var file in input.ModelFiles)
        {
            var blob = input.OutputPrefix + file;
            var properties = await storage.Client.GetPropertiesAsync(input.Container, blob, cancellationToken);
            files.Add(new ImageFile($"{modelPath}/{file}", async ct => (await storage.Client.DownloadAsync(input.Container, blob, ct)).Content)
            {
                Length = properties.ContentLength,
            });
        }

        // The code files (the scoring script) go beside the model, unless an output has the name.
        foreach (var code in input.CodeFiles.Where(c => !input.ModelFiles.Contains(Path.GetFileName(c), StringComparer.Ordinal)))
        {
            files.Add(ImageFile.FromFile($"{modelPath}/{Path.GetFileName(code)}", code, executable: true));
        }

        return files;
    }
}
