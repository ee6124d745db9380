using System.Text.RegularExpressions;

namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>
/// How to train: <c>EdgeFlows:Recipes:{name}</c>. The command is an argument vector (never a
/// shell line) whose arguments may hold the placeholders <c>{inputs}</c>, <c>{outputs}</c>,
/// <c>{code}</c> and <c>{job}</c>, which the runner replaces with the job's folders and id.
/// </summary>
public sealed partial class RecipeOptions
{
    /// <summary>The placeholders a command argument may hold.</summary>
    public static IReadOnlyList<string> Placeholders { get; } = ["{inputs}", "{outputs}", "{code}", "{job}"];

    /// <summary>The command, e.g. <c>["python3", "{code}/train.py", "{inputs}", "{outputs}"]</c>. Required.</summary>
    public IList<string> Command { get; init; } = [];

    /// <summary>
    /// Files copied into the job's <c>{code}</c> folder: paths on this host, relative ones taken
    /// from the app's folder (where its binaries are; the reference trainer ships there as
    /// <c>trainer/train.py</c> and <c>trainer/score.py</c>). Default none.
    /// </summary>
    public IList<string> CodeFiles { get; init; } = [];

    /// <summary>Environment variables of the command (not secrets: they are part of the run's history).</summary>
    public IDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Longest a job may run; the job is then cancelled and the run fails. Default 2 h.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The command needs a container runtime (docker or podman) on the target. Default false.</summary>
    public bool NeedsDocker { get; set; }

    /// <summary>The command needs a GPU on the target. Default false.</summary>
    public bool NeedsGpu { get; set; }

    /// <summary>Free disk the target's work root must have. Default 100 MiB.</summary>
    public long MinFreeDiskBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Available memory the target must have. Default 256 MiB.</summary>
    public long MinMemoryBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The files the job writes to <c>{outputs}</c> and uploads. Default <c>model.json</c>, <c>metrics.json</c>.</summary>
    public IList<string>? Outputs { get; set; }

    /// <summary>The outputs that make up the model (the image's model layer). Default <c>model.json</c>.</summary>
    public IList<string>? ModelFiles { get; set; }

    /// <summary>The output holding the metrics, a JSON object of numbers. Default <c>metrics.json</c>.</summary>
    public string MetricsFile { get; set; } = "metrics.json";

    /// <summary>The code version in the model's lineage. Default: a SHA-256 of the code files and the command.</summary>
    public string? CodeVersion { get; set; }

    /// <summary>The targets this recipe may run on. Default: every target.</summary>
    public IList<string>? Targets { get; set; }

    /// <summary>The outputs in effect.</summary>
    public IReadOnlyList<string> EffectiveOutputs => Outputs is { Count: > 0 } ? [.. Outputs] : ["model.json", MetricsFile];

    /// <summary>The model files in effect.</summary>
    public IReadOnlyList<string> EffectiveModelFiles => ModelFiles is { Count: > 0 } ? [.. ModelFiles] : ["model.json"];

    internal void Validate(string key, IEnumerable<string> targetNames, Action<bool, string, string> require)
    {
        require(Command.Count > 0 && !string.IsNullOrWhiteSpace(Command[0]), $"{key}:{nameof(Command)}", "is required: the program and its arguments, one item each");
        for (var i = 0; i < Command.Count; i++)
        {
            var unknown = Placeholder().Matches(Command[i]).Select(m => m.Value).FirstOrDefault(p => !Placeholders.Contains(p, StringComparer.Ordinal));
            require(unknown is null, $"{key}:{nameof(Command)}:{i}", $"holds the unknown placeholder {unknown}; the known ones are {string.Join(", ", Placeholders)}");
            require(!Command[i].Any(char.IsControl), $"{key}:{nameof(Command)}:{i}", "must not contain control characters");
        }

        for (var i = 0; i < CodeFiles.Count; i++)
        {
            require(File.Exists(ResolvePath(CodeFiles[i])), $"{key}:{nameof(CodeFiles)}:{i}", $"names no file ('{ResolvePath(CodeFiles[i])}'; relative paths are taken from the app's folder)");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in CodeFiles)
        {
            require(names.Add(Path.GetFileName(file)), $"{key}:{nameof(CodeFiles)}", $"has two files named '{Path.GetFileName(file)}'; the job's code folder is flat");
        }

        foreach (var name in Environment.Keys)
        {
            require(EnvironmentName().IsMatch(name), $"{key}:{nameof(Environment)}:{name}", "is not a valid environment variable name (letters, digits and '_', not starting with a digit)");
        }

        require(MaxDuration > TimeSpan.Zero && MaxDuration <= TimeSpan.FromDays(7), $"{key}:{nameof(MaxDuration)}", "must be more than 0 and at most 7 days");
        require(MinFreeDiskBytes >= 0, $"{key}:{nameof(MinFreeDiskBytes)}", "must not be negative");
        require(MinMemoryBytes >= 0, $"{key}:{nameof(MinMemoryBytes)}", "must not be negative");
        var outputs = EffectiveOutputs;
        for (var i = 0; i < outputs.Count; i++)
        {
            require(IsFileName(outputs[i]), $"{key}:{nameof(Outputs)}:{i}", "must be a file name (no '/', '\\', '..' or control characters)");
        }

        require(outputs.Contains(MetricsFile, StringComparer.Ordinal), $"{key}:{nameof(MetricsFile)}", $"'{MetricsFile}' must be one of the Outputs");
        foreach (var file in EffectiveModelFiles)
        {
            require(outputs.Contains(file, StringComparer.Ordinal), $"{key}:{nameof(ModelFiles)}", $"'{file}' must be one of the Outputs");
        }

        for (var i = 0; i < (Targets?.Count ?? 0); i++)
        {
            require(targetNames.Contains(Targets![i], StringComparer.OrdinalIgnoreCase), $"{key}:{nameof(Targets)}:{i}", $"names no configured target ('{Targets[i]}')");
        }
    }

    /// <summary>The code files as full paths.</summary>
    public IReadOnlyList<string> ResolvedCodeFiles => [.. CodeFiles.Select(ResolvePath)];

    /// <summary>A path as the app uses it: relative ones from the app's folder.</summary>
    internal static string ResolvePath(string path) => Path.GetFullPath(path, AppContext.BaseDirectory);

    /// <summary>True for a plain file name: no path separators, no dot segments, no control characters.</summary>
    internal static bool IsFileName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name is not ("." or "..") && name.Length <= 255
        && name.IndexOfAny(['/', '\\']) < 0 && !name.Any(char.IsControl);

    [GeneratedRegex(@"\{[^{}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentName();
}
