using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>
/// Everything the retrain pipeline is configured with, bound from the <c>EdgeFlows</c> section:
/// <c>Targets</c>, <c>Recipes</c>, <c>Datasets</c> (by name), <c>Webhooks</c>, <c>Retrain</c>,
/// <c>Storage</c>, <c>Gate</c> and <c>Image</c>. Non-secret settings belong in host.json;
/// connection strings, passwords and webhook secrets in app settings (local.settings.json).
/// <see cref="Validate()"/> names the key of every bad value.
/// </summary>
public sealed class RetrainPipelineOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "EdgeFlows";

    /// <summary>The training targets, by name.</summary>
    public IDictionary<string, TrainingTargetOptions> Targets { get; init; } = new Dictionary<string, TrainingTargetOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The training recipes, by name.</summary>
    public IDictionary<string, RecipeOptions> Recipes { get; init; } = new Dictionary<string, RecipeOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per-dataset settings, by dataset name; datasets without one use the defaults.</summary>
    public IDictionary<string, DatasetOptions> Datasets { get; init; } = new Dictionary<string, DatasetOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The webhooks (<c>Webhooks:Endpoints:{name}</c>).</summary>
    public WebhooksOptions Webhooks { get; set; } = new();

    /// <summary>The orchestration's behaviour: retries, timers, output location.</summary>
    public RetrainOptions Retrain { get; set; } = new();

    /// <summary>The blob storage of datasets and outputs.</summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>The champion/challenger gate.</summary>
    public GateOptions Gate { get; set; } = new();

    /// <summary>The model image's registry or layout folder.</summary>
    public ImageOptions Image { get; set; } = new();

    /// <summary>Every problem with the settings, each naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Validate() => Validate(windowsHost: OperatingSystem.IsWindows());

    /// <summary>As <see cref="Validate()"/>, for a host that runs Windows or not.</summary>
    internal IReadOnlyList<string> Validate(bool windowsHost)
    {
        var errors = new List<string>();
        void Require(bool condition, string key, string problem)
        {
            if (!condition)
            {
                errors.Add($"{SectionName}:{key} {problem}.");
            }
        }

        Require(Targets.Count > 0, nameof(Targets), "is empty; configure at least one training target (e.g. Targets:local:Kind = local)");
        foreach (var (name, target) in Targets)
        {
            RequireName(name, $"{nameof(Targets)}:{name}", Require);
            target.Validate($"{nameof(Targets)}:{name}", Require, windowsHost);
        }

        foreach (var (name, recipe) in Recipes)
        {
            RequireName(name, $"{nameof(Recipes)}:{name}", Require);
            recipe.Validate($"{nameof(Recipes)}:{name}", Targets.Keys, Require);
        }

        foreach (var (name, dataset) in Datasets)
        {
            var key = $"{nameof(Datasets)}:{name}";
            Require(BlobPathPattern.IsValidDatasetName(name), key, "must be a dataset name: 1 to 64 of A-Z a-z 0-9 . _ -");
            Require(dataset.Recipe is null || Recipes.ContainsKey(dataset.Recipe), $"{key}:{nameof(DatasetOptions.Recipe)}", $"names no configured recipe ('{dataset.Recipe}')");
            Require(dataset.ModelName is null || ModelNames.IsValid(dataset.ModelName), $"{key}:{nameof(DatasetOptions.ModelName)}", ModelNames.Rule);
            Require(dataset.Container is null || BlobContainerNames.IsValid(dataset.Container), $"{key}:{nameof(DatasetOptions.Container)}", BlobContainerNames.Rule);
            Require(dataset.Prefix is null || (dataset.Prefix.EndsWith('/') && !dataset.Prefix.Any(char.IsControl)), $"{key}:{nameof(DatasetOptions.Prefix)}", "must end with '/'");
            for (var i = 0; i < (dataset.Targets?.Count ?? 0); i++)
            {
                Require(Targets.ContainsKey(dataset.Targets![i]), $"{key}:{nameof(DatasetOptions.Targets)}:{i}", $"names no configured target ('{dataset.Targets[i]}')");
            }
        }

        Webhooks.Validate(nameof(Webhooks), Require, (name, key) => RequireName(name, key, Require));

        Retrain.Validate(nameof(Retrain), Recipes.Keys, Require);
        Storage.Validate(nameof(Storage), Require);
        Gate.Validate(nameof(Gate), Require);
        Image.Validate(nameof(Image), Require);
        return errors;
    }

    private static void RequireName(string name, string key, Action<bool, string, string> require) =>
        require(BlobPathPattern.IsValidDatasetName(name), key, "has a bad name: use 1 to 64 of A-Z a-z 0-9 . _ -");
}
