namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>When a dataset that received new blobs is ready for a run.</summary>
public enum DatasetReadiness
{
    /// <summary>When no new blob has arrived for the quiet period.</summary>
    QuietPeriod,

    /// <summary>When the marker blob (<c>_SUCCESS</c> by default) lands, and only then.</summary>
    Marker,

    /// <summary>Whichever comes first: the marker, or the quiet period.</summary>
    Either,
}
