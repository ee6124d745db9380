namespace EdgeFlows.Activities.Models;

/// <summary>Where a model version came from: the data it was trained on and the run that trained it.</summary>
public sealed record ModelLineage
{
    /// <summary>The dataset the model was trained on.</summary>
    public required string Dataset { get; init; }

    /// <summary>The data snapshot's <see cref="Models.DataFingerprint"/> (<c>sha256:…</c> over blob names and ETags).</summary>
    public string? DataFingerprint { get; init; }

    /// <summary>The training run (job) id.</summary>
    public string? RunId { get; init; }

    /// <summary>The orchestration instance that ran the pipeline.</summary>
    public string? InstanceId { get; init; }

    /// <summary>The training target the job ran on.</summary>
    public string? Target { get; init; }

    /// <summary>The training recipe.</summary>
    public string? Recipe { get; init; }

    /// <summary>The version of the training code (a commit, an image digest).</summary>
    public string? CodeVersion { get; init; }

    /// <summary>What started the run: blob, http, timer.</summary>
    public string? Trigger { get; init; }

    /// <summary>How many blobs the data snapshot held, when known.</summary>
    public int? Blobs { get; init; }
}
