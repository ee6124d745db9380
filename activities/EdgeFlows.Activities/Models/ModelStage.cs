namespace EdgeFlows.Activities.Models;

/// <summary>Where a model version stands.</summary>
public enum ModelStage
{
    /// <summary>Registered, not yet judged by the promotion gate.</summary>
    Candidate,

    /// <summary>The champion: the one version of its model that is served. At most one per model.</summary>
    Promoted,

    /// <summary>Judged and not promoted (the challenger lost to the champion); kept for the record.</summary>
    Rejected,

    /// <summary>A former champion, superseded by a later promotion (or retired by hand).</summary>
    Archived,
}
