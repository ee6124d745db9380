namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>
/// A dataset's training settings: <c>EdgeFlows:Datasets:{name}</c>. A dataset without an
/// entry trains with <see cref="RetrainOptions.DefaultRecipe"/> into a model of its own name,
/// from the container and prefix its run request names (the blob trigger names both).
/// </summary>
public sealed class DatasetOptions
{
    /// <summary>The recipe. Default <see cref="RetrainOptions.DefaultRecipe"/>.</summary>
    public string? Recipe { get; set; }

    /// <summary>The model name in the registry and the image repository. Default: the dataset's name.</summary>
    public string? ModelName { get; set; }

    /// <summary>The container holding the data. Default: the one the run request names.</summary>
    public string? Container { get; set; }

    /// <summary>The prefix of every blob of the dataset. Default <c>training-data/{dataset}/</c>.</summary>
    public string? Prefix { get; set; }

    /// <summary>The targets the dataset may train on. Default: the recipe's.</summary>
    public IList<string>? Targets { get; set; }
}
