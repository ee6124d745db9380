// Turns a run request and the configuration into the run's plan: which recipe, which targets,
// where the data and outputs are, and which blobs to train on. Pure (the listing is passed
// in), so every rule is testable without storage. Each refusal names what is wrong.
using System.Security.Cryptography;
using System.Text;
using EdgeFlows.Activities.Models;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>Plans <see cref="Retrain"/> runs from <see cref="RetrainPipelineOptions"/>.</summary>
/// <param name="options">Validated options.</param>
public sealed class RetrainPlanner(RetrainPipelineOptions options)
{
    /// <summary>Where a request's data is: its container and prefix.</summary>
    /// <exception cref="RetrainStepRefusedException">The request is invalid or names nothing configured.</exception>
    public (string Container, string Prefix) Locate(RetrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Refuse(BlobPathPattern.IsValidDatasetName(request.Dataset ?? string.Empty), $"The dataset name '{request.Dataset}' is not 1 to 64 of A-Z a-z 0-9 . _ -.");
        var dataset = options.Datasets.TryGetValue(request.Dataset!, out var configured) ? configured : null;
        var container = dataset?.Container ?? request.Container;
        Refuse(container is not null, $"Dataset '{request.Dataset}' has no container: configure EdgeFlows:Datasets:{request.Dataset}:Container or name one in the request.");
        Refuse(BlobContainerNames.IsValid(container!), $"The container '{container}' {BlobContainerNames.Rule}.");
        var prefix = dataset?.Prefix ?? request.Prefix ?? $"training-data/{request.Dataset}/";
        Refuse(prefix.Length > 0 && !prefix.Any(char.IsControl), $"The prefix of dataset '{request.Dataset}' must not be empty or hold control characters.");
        return (container!, prefix);
    }

    /// <summary>The run's plan, given the blobs listed under the dataset's prefix.</summary>
    /// <exception cref="RetrainStepRefusedException">The request is invalid, names nothing configured, or its data is missing or changed.</exception>
    public RetrainPlan Plan(RetrainRequest request, string jobId, IReadOnlyList<SnapshotBlobListing> listed)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(listed);
        var (container, prefix) = Locate(request);
        Refuse(RetrainTriggers.All.Contains(request.Trigger, StringComparer.Ordinal), $"The trigger '{request.Trigger}' is not one of {string.Join(", ", RetrainTriggers.All)}.");
        var dataset = options.Datasets.TryGetValue(request.Dataset, out var configured) ? configured : new DatasetOptions();

        var recipeName = request.Recipe ?? dataset.Recipe ?? options.Retrain.DefaultRecipe;
        Refuse(options.Recipes.TryGetValue(recipeName, out var recipe), $"The recipe '{recipeName}' is not configured (EdgeFlows:Recipes).");
        var modelName = ModelNameOf(request.Dataset);
        Refuse(ModelNames.IsValid(modelName), $"The model name '{modelName}' (from dataset '{request.Dataset}') {ModelNames.Rule}; set EdgeFlows:Datasets:{request.Dataset}:ModelName.");

        var inputs = Inputs(request, prefix, listed);
        var retrain = options.Retrain;
        return new RetrainPlan(
            request.Dataset,
            modelName,
            request.Trigger,
            request.Reason,
            jobId,
            RecipePlan(recipeName, recipe!),
            Targets(request, dataset, recipe!),
            container,
            prefix,
            inputs,
            DataFingerprint.Compute(inputs.Select(i => (i.Blob, i.ETag))),
            retrain.OutputPrefix.Replace("{dataset}", request.Dataset, StringComparison.Ordinal).Replace("{job}", jobId, StringComparison.Ordinal),
            new WaitSettings(retrain.Wait.FirstPollInterval, retrain.Wait.BackoffCoefficient, retrain.Wait.MaxPollInterval),
            retrain.Compute.Deadline,
            retrain.Compute.RecheckInterval,
            retrain.Retry.ToSettings(),
            options.Gate.ToSettings(),
            [.. options.Webhooks.Endpoints.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => new WebhookSubscription(w.Key, w.Value.EffectiveEventTypes))],
            retrain.StatusLogLines);
    }

    /// <summary>The model a dataset trains: its configured <c>ModelName</c>, else the dataset's name in lowercase.</summary>
    public string ModelNameOf(string dataset) =>
        options.Datasets.TryGetValue(dataset, out var configured) && configured.ModelName is { } name ? name : dataset.ToLowerInvariant();

    /// <summary>
    /// The blobs a run on the latest data trains on, of those listed under <paramref name="prefix"/>:
    /// zero-length blobs are folder placeholders and markers, and names with a segment starting
    /// with '_' or '.' are hidden files (_SUCCESS, .crc), as Spark and Hadoop treat them.
    /// </summary>
    public static IEnumerable<SnapshotBlobListing> LatestData(string prefix, IEnumerable<SnapshotBlobListing> listed) =>
        listed.Where(b => b.Length > 0 && b.Name.StartsWith(prefix, StringComparison.Ordinal) && !IsHidden(b.Name[prefix.Length..]));

    /// <summary>The recipe as a run records it, with its code version.</summary>
    public static RecipePlan RecipePlan(string name, RecipeOptions recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var codeFiles = recipe.ResolvedCodeFiles;
        return new RecipePlan(
            name,
            [.. recipe.Command],
            codeFiles,
            new Dictionary<string, string>(recipe.Environment, StringComparer.Ordinal),
            recipe.MaxDuration,
            recipe.NeedsDocker,
            recipe.NeedsGpu,
            recipe.MinFreeDiskBytes,
            recipe.MinMemoryBytes,
            recipe.EffectiveOutputs,
            recipe.EffectiveModelFiles,
            recipe.MetricsFile,
            recipe.CodeVersion ?? CodeVersion(recipe.Command, codeFiles));
    }

    /// <summary>A SHA-256 over the command and each code file's name and content: <c>sha256:</c> + 16 hex digits.</summary>
    private static string CodeVersion(IEnumerable<string> command, IEnumerable<string> codeFiles)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Join('\0', command) + "\n"));
        foreach (var file in codeFiles.OrderBy(Path.GetFileName, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private List<string> Targets(RetrainRequest request, DatasetOptions dataset, RecipeOptions recipe)
    {
        var allowed = (dataset.Targets ?? recipe.Targets ?? [.. options.Targets.Keys])
            .Select(t => options.Targets.First(k => string.Equals(k.Key, t, StringComparison.OrdinalIgnoreCase)))
            .Where(t => t.Value.Enabled)
            .Select(t => t.Key)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        Refuse(allowed.Count > 0, $"No enabled training target is allowed for dataset '{request.Dataset}' and recipe '{request.Recipe ?? dataset.Recipe ?? options.Retrain.DefaultRecipe}'.");
        if (request.Target is null)
        {
            return allowed;
        }

        var target = allowed.FirstOrDefault(t => string.Equals(t, request.Target, StringComparison.OrdinalIgnoreCase));
        Refuse(target is not null, $"The target '{request.Target}' is not configured, enabled and allowed for dataset '{request.Dataset}' (these are: {string.Join(", ", allowed)}).");
        return [target!];
    }

    private List<TrainingInput> Inputs(RetrainRequest request, string prefix, IReadOnlyList<SnapshotBlobListing> listed)
    {
        var byName = listed.ToDictionary(b => b.Name, StringComparer.Ordinal);
        List<SnapshotBlobListing> chosen;
        if (request.Snapshot is { } pinned)
        {
            chosen = [];
            foreach (var blob in pinned)
            {
                Refuse(blob.Name.StartsWith(prefix, StringComparison.Ordinal), $"The snapshot blob '{blob.Name}' is not under the dataset's prefix '{prefix}'.");
                Refuse(byName.TryGetValue(blob.Name, out var now), $"The snapshot blob '{blob.Name}' no longer exists.");
                Refuse(string.Equals(now!.ETag, blob.ETag.Trim('"'), StringComparison.Ordinal), $"The snapshot blob '{blob.Name}' changed since the snapshot (ETag {blob.ETag}, now {now.ETag}).");
                chosen.Add(now);
            }
        }
        else
        {
            chosen = [.. LatestData(prefix, listed)];
        }

        Refuse(chosen.Count > 0, $"Dataset '{request.Dataset}' has no data under '{prefix}'.");
        Refuse(chosen.Count <= options.Retrain.MaxInputBlobs, $"Dataset '{request.Dataset}' has {chosen.Count} blobs under '{prefix}', more than EdgeFlows:Retrain:MaxInputBlobs ({options.Retrain.MaxInputBlobs}).");
        var inputs = new List<TrainingInput>(chosen.Count);
        foreach (var blob in chosen.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            var name = blob.Name[prefix.Length..];
            Refuse(IsSafeRelativePath(name), $"The blob '{blob.Name}' has a path the job cannot use as a file name (empty, '.' or '..' segments, a backslash or control characters).");
            inputs.Add(new TrainingInput(name, blob.Name, blob.ETag, blob.Length));
        }

        return inputs;
    }

    private static bool IsHidden(string relativePath) => relativePath.Split('/').Any(segment => segment.StartsWith('_') || segment.StartsWith('.'));

    private static bool IsSafeRelativePath(string path) =>
        path.Length > 0 && !path.Contains('\\', StringComparison.Ordinal) && !path.Any(char.IsControl)
        && path.Split('/').All(segment => segment.Length > 0 && segment is not ("." or ".."));

    private static void Refuse(bool condition, string problem)
    {
        if (!condition)
        {
            throw new RetrainStepRefusedException(problem);
        }
    }
}

/// <summary>A blob as listed for planning.</summary>
/// <param name="Name">The blob name.</param>
/// <param name="ETag">Its ETag, without quotes.</param>
/// <param name="Length">Its length.</param>
public sealed record SnapshotBlobListing(string Name, string ETag, long Length);
