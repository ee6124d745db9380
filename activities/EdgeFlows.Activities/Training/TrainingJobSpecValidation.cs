// Checks a spec before anything reaches the target. Input and output names become paths under
// the job folder: they may hold any character a blob name may (they never pass through a
// shell), but must stay inside their folder.
namespace EdgeFlows.Activities.Training;

internal static class TrainingJobSpecValidation
{
    private const int MaxNameLength = 1024;
    private const int MaxSegmentLength = 255;

    public static void Validate(TrainingJobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        TrainingJobIds.Validate(spec.JobId, nameof(spec));
        var where = $"Training job '{spec.JobId}'";
        if (spec.Command is null || spec.Command.Count == 0 || string.IsNullOrEmpty(spec.Command[0]))
        {
            throw new ArgumentException($"{where}: Command is required (an argument vector whose first item is the program).", nameof(spec));
        }

        if (spec.Command.Any(a => a is null || a.Contains('\0', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"{where}: Command arguments must not be null or contain NUL.", nameof(spec));
        }

        ValidateFiles(spec.Inputs, "Inputs", where);
        ValidateFiles(spec.Outputs, "Outputs", where);
        ValidateCodeFiles(spec.CodeFiles, where);
        foreach (var (name, value) in spec.Environment ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal) || value is null || value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"{where}: Environment variable '{TrainingJobIds.Printable(name)}' is invalid (empty name, '=' in the name, NUL, or null value).", nameof(spec));
            }
        }

        if (spec.MaxDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{where}: MaxDuration must be positive, not {spec.MaxDuration}.", nameof(spec));
        }

        if (spec.CancelGracePeriod < TimeSpan.Zero)
        {
            throw new ArgumentException($"{where}: CancelGracePeriod must not be negative.", nameof(spec));
        }
    }

    /// <summary>Why <paramref name="name"/> is not a safe relative path, or null when it is.</summary>
    public static string? ProblemWithRelativeName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "it is empty";
        }

        if (name.Length > MaxNameLength)
        {
            return $"it is longer than {MaxNameLength} characters";
        }

        if (name.Any(char.IsControl))
        {
            return "it contains a control character";
        }

        if (name.Contains('\\', StringComparison.Ordinal))
        {
            return "it contains a backslash";
        }

        if (name.StartsWith('/'))
        {
            return "it is absolute";
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return "it has an empty, '.' or '..' segment";
            }

            if (segment.Length > MaxSegmentLength)
            {
                return $"a segment is longer than {MaxSegmentLength} characters";
            }
        }

        return null;
    }

    private static void ValidateFiles(IReadOnlyList<TrainingJobFile>? files, string property, string where, string parameterName = "spec")
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files ?? [])
        {
            if (file is null || file.Url is null || !file.Url.IsAbsoluteUri || (file.Url.Scheme != Uri.UriSchemeHttps && file.Url.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"{where}: every item of {property} needs a name and an absolute http(s) URL.", parameterName);
            }

            if (ProblemWithRelativeName(file.Name) is { } problem)
            {
                throw new ArgumentException($"{where}: {property} name '{TrainingJobIds.Printable(file.Name)}' is invalid: {problem}.", parameterName);
            }

            if (!seen.Add(file.Name))
            {
                throw new ArgumentException($"{where}: {property} name '{TrainingJobIds.Printable(file.Name)}' appears twice.", parameterName);
            }
        }
    }

    private static void ValidateCodeFiles(IReadOnlyList<string>? files, string where, string parameterName = "spec")
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in files ?? [])
        {
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                throw new ArgumentException($"{where}: code file '{TrainingJobIds.Printable(path)}' does not exist.", parameterName);
            }

            var name = Path.GetFileName(path);
            if (!seen.Add(name))
            {
                throw new ArgumentException($"{where}: two code files are named '{name}'; they would overwrite each other in code/.", parameterName);
            }
        }
    }
}
