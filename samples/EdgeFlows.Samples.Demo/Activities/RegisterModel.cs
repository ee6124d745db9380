// A model registry in a folder: models/<name>/v<N>.json, one file per version, holding the
// model, its metrics and its lineage. Registration is idempotent per scheduled call, since
// an activity can run twice (after a host crash): the second run finds the first's file.
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeFlows.Durable;
using EdgeFlows.Samples.Demo.Training;

namespace EdgeFlows.Samples.Demo.Activities;

/// <summary>Input of <see cref="RegisterModel"/>.</summary>
/// <param name="ModelsDirectory">The registry folder.</param>
/// <param name="ModelName">The model's name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>).</param>
/// <param name="ArtifactPath">The model file training wrote.</param>
/// <param name="ArtifactSha256">Its SHA-256 as training reported it.</param>
/// <param name="Dataset">The data it was trained on.</param>
/// <param name="Metrics">Its held-out metrics.</param>
/// <param name="RunId">The orchestration instance that trained it.</param>
/// <param name="TrainedAt">The orchestration's time when it asked for registration.</param>
public sealed record RegisterRequest(
    string ModelsDirectory,
    string ModelName,
    string ArtifactPath,
    string ArtifactSha256,
    DatasetProfile Dataset,
    ClassificationMetrics Metrics,
    string RunId,
    DateTime TrainedAt);

/// <summary>A registered model version.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="Version">Its version, from 1 up.</param>
/// <param name="Path">The registry file.</param>
public sealed record RegisteredModel(string Name, int Version, string Path);

/// <summary>Registers a trained model as the next version in the folder registry.</summary>
public sealed partial class RegisterModel : TaskActivity<RegisterRequest, RegisteredModel>
{
    private static readonly JsonSerializerOptions RegistryJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <inheritdoc />
    public override async Task<RegisteredModel> RunAsync(TaskActivityContext context, RegisterRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (!ModelNamePattern().IsMatch(input.ModelName))
        {
            throw new ArgumentException($"'{input.ModelName}' is not a valid model name (letters, digits, '-', '_', '.'; starting with a letter or digit).", nameof(input));
        }

        var artifact = await File.ReadAllBytesAsync(input.ArtifactPath, cancellationToken);
        var artifactSha256 = Convert.ToHexStringLower(SHA256.HashData(artifact));
        if (artifactSha256 != input.ArtifactSha256)
        {
            throw new InvalidDataException($"The model file '{input.ArtifactPath}' is not the one training wrote (SHA-256 {artifactSha256}, expected {input.ArtifactSha256}).");
        }

        var folder = Path.GetFullPath(Path.Combine(input.ModelsDirectory, input.ModelName));
        Directory.CreateDirectory(folder);
        var versions = ExistingVersions(folder);
        foreach (var (version, path) in versions)
        {
            if (await ReadRegistrationKeyAsync(path, cancellationToken) == context.IdempotencyKey)
            {
                return new RegisteredModel(input.ModelName, version, path);
            }
        }

        var next = versions.Count == 0 ? 1 : versions.Max(v => v.Version) + 1;
        var temporary = Path.Combine(folder, $".{context.IdempotencyKey.Replace('/', '_')}.tmp");
        while (true)
        {
            var document = new JsonObject
            {
                ["name"] = input.ModelName,
                ["version"] = next,
                ["registeredAt"] = DateTime.UtcNow,
                ["trainedAt"] = input.TrainedAt,
                ["lineage"] = new JsonObject
                {
                    ["runId"] = input.RunId,
                    ["registrationKey"] = context.IdempotencyKey,
                    ["artifactSha256"] = artifactSha256,
                    ["dataset"] = JsonSerializer.SerializeToNode(input.Dataset, RegistryJson),
                },
                ["metrics"] = JsonSerializer.SerializeToNode(input.Metrics, RegistryJson),
                ["model"] = JsonNode.Parse(artifact),
            };
            await File.WriteAllTextAsync(temporary, document.ToJsonString(RegistryJson), cancellationToken);
            var target = Path.Combine(folder, $"v{next}.json");
            try
            {
                // Without overwrite the rename fails if the version exists: two registrations
                // racing for one number never overwrite each other; the loser takes the next.
                File.Move(temporary, target, overwrite: false);
                return new RegisteredModel(input.ModelName, next, target);
            }
            catch (IOException) when (File.Exists(target))
            {
                next++;
            }
        }
    }

    private static List<(int Version, string Path)> ExistingVersions(string folder) =>
        [.. Directory.EnumerateFiles(folder, "v*.json")
            .Select(path => (Match: VersionFilePattern().Match(Path.GetFileName(path)), Path: path))
            .Where(f => f.Match.Success)
            .Select(f => (int.Parse(f.Match.Groups[1].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture), f.Path))];

    private static async Task<string?> ReadRegistrationKeyAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return document.RootElement.TryGetProperty("lineage", out var lineage) && lineage.TryGetProperty("registrationKey", out var key)
            ? key.GetString()
            : null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex ModelNamePattern();

    [GeneratedRegex(@"^v([0-9]{1,9})\.json$")]
    private static partial Regex VersionFilePattern();
}
