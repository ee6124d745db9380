namespace EdgeFlows.Functions.Http.Keys;

/// <summary>The app functions a function key can be issued for (<c>EdgeFlows:Keys:Functions:{name}</c>).</summary>
public static class FunctionNames
{
    /// <summary>The key for every app function.</summary>
    public const string Default = "default";

    /// <summary><c>POST /api/retrain/{dataset}</c>.</summary>
    public const string Retrain = "retrain";

    /// <summary><c>GET /api/runs</c> and <c>GET /api/runs/{id}</c>.</summary>
    public const string Runs = "runs";

    /// <summary><c>GET /api/models</c> and <c>GET /api/models/{name}/versions/{version}</c>.</summary>
    public const string Models = "models";

    /// <summary>Every name, <see cref="Default"/> first.</summary>
    public static IReadOnlyList<string> All { get; } = [Default, Retrain, Runs, Models];

    /// <summary>True for a name in <see cref="All"/> (case-insensitive).</summary>
    public static bool IsKnown(string name) => All.Contains(name, StringComparer.OrdinalIgnoreCase);
}
