namespace EdgeFlows.Functions.Pipeline.Steps;

/// <summary>BuildAndPushImage's input: the model version and where its files are.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="Version">The version; the image's tag.</param>
/// <param name="Dataset">The dataset (a label).</param>
/// <param name="DataFingerprint">The data fingerprint (a label).</param>
/// <param name="Metrics">The metrics (labels).</param>
/// <param name="Container">The container of the model files.</param>
/// <param name="OutputPrefix">Their prefix.</param>
/// <param name="ModelFiles">The model files.</param>
/// <param name="CodeFiles">The recipe's code files (on this host), for the scoring entrypoint.</param>
/// <param name="CodeVersion">The recipe's code version (a label).</param>
/// <param name="RunId">The training job id (a label).</param>
/// <param name="GateReason">The gate's reason for promoting it, recorded when the image is there and the version is promoted.</param>
public sealed record BuildImageInput(
    string ModelName,
    int Version,
    string Dataset,
    string DataFingerprint,
    IReadOnlyDictionary<string, double> Metrics,
    string Container,
    string OutputPrefix,
    IReadOnlyList<string> ModelFiles,
    IReadOnlyList<string> CodeFiles,
    string CodeVersion,
    string RunId,
    string? GateReason = null);

/// <summary>RejectModel's input: the version whose image could not be pushed, and why.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="Version">The version.</param>
/// <param name="Reason">Why it is rejected.</param>
public sealed record RejectModelInput(string ModelName, int Version, string Reason);

/// <summary>The pushed (or written) image (BuildAndPushImage's output).</summary>
/// <param name="Reference">Where it is: <c>registry/repository:tag</c>, or the layout folder and tag.</param>
/// <param name="Digest">The manifest digest, <c>sha256:…</c>.</param>
/// <param name="BytesUploaded">Bytes sent to the registry.</param>
/// <param name="BlobsSkipped">Blobs the registry already had (or mounted from another repository).</param>
/// <param name="LayerBytes">The model layer's compressed size.</param>
public sealed record PushedImage(string Reference, string Digest, long BytesUploaded, int BlobsSkipped, long LayerBytes);
