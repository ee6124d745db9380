namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>The fingerprint of a dataset's current data (for SkipIfUnchanged).</summary>
public interface IDatasetFingerprintSource
{
    /// <summary>The fingerprint of the dataset's data as it is now, or null when it has no data or cannot be told.</summary>
    Task<string?> GetFingerprintAsync(string dataset, CancellationToken cancellationToken = default);
}
