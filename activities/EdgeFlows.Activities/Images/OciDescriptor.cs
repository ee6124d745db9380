using System.Text.Json.Serialization;

namespace EdgeFlows.Activities.Images;

/// <summary>
/// An OCI content descriptor: what a blob or manifest is, its digest and its size in bytes.
/// Serialized exactly as the OCI image spec names the fields.
/// </summary>
public sealed record OciDescriptor(
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("size")] long Size)
{
    /// <summary>The platform of a manifest listed in an index; null elsewhere.</summary>
    [JsonPropertyName("platform")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OciPlatform? Platform { get; init; }

    /// <summary>Annotations, e.g. <c>org.opencontainers.image.ref.name</c> in a layout's index; null when none.</summary>
    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

/// <summary>The platform an image runs on, e.g. <c>linux</c>/<c>amd64</c>.</summary>
public sealed record OciPlatform(
    [property: JsonPropertyName("architecture")] string Architecture,
    [property: JsonPropertyName("os")] string OS)
{
    /// <summary>The CPU variant, e.g. <c>v8</c> for arm64; null when not given.</summary>
    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    /// <summary>linux/amd64, the platform of Azure Stack Hub's VMs and the default base platform.</summary>
    public static OciPlatform LinuxAmd64 { get; } = new("amd64", "linux");

    /// <summary>Formats as <c>os/architecture[/variant]</c>.</summary>
    public override string ToString() => $"{OS}/{Architecture}{(Variant is null ? "" : "/" + Variant)}";
}
