namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>
/// The data fingerprint of the model last promoted for a dataset (for SkipIfUnchanged): the
/// model registry's promoted version's lineage. The app wires it to the registry.
/// </summary>
public interface IPromotedFingerprintSource
{
    /// <summary>The fingerprint of the data the dataset's promoted model was trained on, or null when none is promoted.</summary>
    Task<string?> GetPromotedFingerprintAsync(string dataset, CancellationToken cancellationToken = default);
}
