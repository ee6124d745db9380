namespace EdgeFlows.Functions.Http.Keys;

/// <summary>
/// Access keys, as Azure Functions has them (section <c>EdgeFlows:Keys</c>; keep the values in
/// Key Vault or app settings, never in host.json). The host key opens everything, the
/// management API included; a function key opens one app function, and the function key
/// named <c>default</c> opens every app function.
/// </summary>
public sealed class KeyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "EdgeFlows:Keys";

    /// <summary>Shortest key accepted, so a guessable key never goes live.</summary>
    public const int MinimumLength = 16;

    /// <summary>The host (master) key. Required unless <see cref="AllowAnonymous"/>.</summary>
    public string? Host { get; set; }

    /// <summary>Function keys by function name (<see cref="FunctionNames"/>), or <c>default</c> for all app functions.</summary>
    public Dictionary<string, string> Functions { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Open every endpoint without a key, as <c>func start</c> does locally. Default false; never on a shared host.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Every problem with the settings, each naming its configuration key and never a key's value; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(Host))
        {
            if (!AllowAnonymous)
            {
                errors.Add($"{SectionName}:Host is required: set the host key (at least {MinimumLength} characters) in Key Vault (secret EdgeFlows--Keys--Host) " +
                    $"or an app setting (EdgeFlows__Keys__Host), or set {SectionName}:AllowAnonymous=true on a developer machine.");
            }
        }
        else
        {
            CheckKey($"{SectionName}:Host", Host, errors);
        }

        foreach (var (name, key) in Functions)
        {
            if (!FunctionNames.IsKnown(name))
            {
                errors.Add($"{SectionName}:Functions:{name} names no function; known: {string.Join(", ", FunctionNames.All)}.");
            }

            CheckKey($"{SectionName}:Functions:{name}", key, errors);
        }

        return errors;
    }

    private static void CheckKey(string path, string key, List<string> errors)
    {
        if (key.Length < MinimumLength)
        {
            errors.Add($"{path} must be at least {MinimumLength} characters long.");
        }
        else if (key.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors.Add($"{path} must not contain spaces or control characters.");
        }
    }
}
