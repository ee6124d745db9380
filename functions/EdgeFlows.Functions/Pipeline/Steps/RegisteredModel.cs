using EdgeFlows.Functions.Pipeline.Configuration;

namespace EdgeFlows.Functions.Pipeline.Steps;

/// <summary>RegisterModel's input: where the job's outputs are, and the lineage to record.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="RunId">The run id the registration is idempotent by (the job id).</param>
/// <param name="InstanceId">The orchestration instance.</param>
/// <param name="Dataset">The dataset.</param>
/// <param name="DataFingerprint">The fingerprint of the data trained on.</param>
/// <param name="Target">The target it trained on.</param>
/// <param name="Recipe">The recipe's name.</param>
/// <param name="CodeVersion">The recipe's code version.</param>
/// <param name="Trigger">What started the run.</param>
/// <param name="Container">The container of the outputs.</param>
/// <param name="OutputPrefix">Their prefix.</param>
/// <param name="MetricsFile">The metrics output.</param>
/// <param name="ModelFiles">The model outputs.</param>
/// <param name="Gate">The promotion gate.</param>
/// <param name="InputBlobs">How many blobs the job read.</param>
public sealed record RegisterModelInput(
    string ModelName,
    string RunId,
    string InstanceId,
    string Dataset,
    string DataFingerprint,
    string Target,
    string Recipe,
    string CodeVersion,
    string Trigger,
    string Container,
    string OutputPrefix,
    string MetricsFile,
    IReadOnlyList<string> ModelFiles,
    GateSettings Gate,
    int InputBlobs);

/// <summary>The registered version and the gate's decision (RegisterModel's output).</summary>
/// <param name="ModelName">The model.</param>
/// <param name="Version">The new version.</param>
/// <param name="Promoted">Whether the gate promoted it (the registry records the promotion once its image is pushed).</param>
/// <param name="GateReason">Why, in words.</param>
/// <param name="Metrics">Its metrics.</param>
/// <param name="ArtifactUri">Where the model files are (without credentials).</param>
public sealed record RegisteredModel(
    string ModelName,
    int Version,
    bool Promoted,
    string GateReason,
    IReadOnlyDictionary<string, double> Metrics,
    string ArtifactUri);
