using EdgeFlows.Activities.Images;

namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>
/// Where a promoted model's image goes: <c>EdgeFlows:Image</c>. With a <see cref="Registry"/>
/// the image is pushed there, tagged <c>{repository}:{version}</c>; without one it is written
/// as an OCI image layout under <see cref="LayoutFolder"/> (the embedded default).
/// </summary>
public sealed class ImageOptions
{
    /// <summary>The registry, <c>host[:port]</c> (e.g. <c>myacr.azsacr.local.azurestack.external</c>). Default: none, write a layout.</summary>
    public string? Registry { get; set; }

    /// <summary>The repository, with <c>{model}</c> for the model's name. Default <c>models/{model}</c>.</summary>
    public string Repository { get; set; } = "models/{model}";

    /// <summary>
    /// The base image, <c>host[:port]/repository:tag</c> or <c>…@sha256:…</c> (e.g.
    /// <c>myacr.azsacr.local.azurestack.external/base/python:3.12-slim</c>), whose layers the
    /// model layer goes on top of; in another registry than <see cref="Registry"/>, its layers
    /// are copied across. Default: none, the image holds only the model layer.
    /// </summary>
    public string? BaseImage { get; set; }

    /// <summary>
    /// The folder of the OCI image layout when no registry is configured. Default <c>images</c>;
    /// the app resolves a relative folder against its data folder (<c>EdgeFlows:Host:DataFolder</c>).
    /// </summary>
    public string LayoutFolder { get; set; } = "images";

    /// <summary>
    /// Allow plain HTTP to a registry that is not on this machine (credentials would cross the
    /// network in clear text). A registry on 127.0.0.1 always may use HTTP. Default false.
    /// </summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// How to authenticate: <c>Anonymous</c>, <c>Basic</c> (user and password; also answers a
    /// bearer challenge), or <c>Acr</c> (Azure AD via Azure.Identity, exchanged for an ACR
    /// token). Default Anonymous, or Basic when a user is given.
    /// </summary>
    public string? Auth { get; set; }

    /// <summary>The Azure AD scope asked for with <c>Acr</c>; on Stack Hub the stamp's ARM audience. Default: public Azure's.</summary>
    public string? AzureScope { get; set; }

    /// <summary>The registry user (Basic).</summary>
    public string? Username { get; set; }

    /// <summary>The registry password or token (Basic). A secret: give it as an app setting.</summary>
    public string? Password { get; set; }

    /// <summary>Where the model files go in the image. Default <c>/model</c>.</summary>
    public string ModelPath { get; set; } = "/model";

    /// <summary>The image's entrypoint. Default <c>python3 /model/score.py</c> (the recipe's code files are copied next to the model).</summary>
    public IList<string>? Entrypoint { get; set; }

    /// <summary>Timeout of each registry request. Default 100 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The authentication in effect.</summary>
    public string EffectiveAuth => Auth ?? (string.IsNullOrEmpty(Username) ? "Anonymous" : "Basic");

    /// <summary>The entrypoint in effect.</summary>
    public IReadOnlyList<string> EffectiveEntrypoint => Entrypoint is { Count: > 0 } ? [.. Entrypoint] : ["python3", $"{ModelPath.TrimEnd('/')}/score.py"];

    internal void Validate(string key, Action<bool, string, string> require)
    {
        var registry = !string.IsNullOrWhiteSpace(Registry);
        require(!registry || ImageReference.TryParse($"{Registry}/x", out _), $"{key}:{nameof(Registry)}", "must be host[:port] without a scheme or path");
        require(string.IsNullOrWhiteSpace(BaseImage) || ImageReference.TryParse(BaseImage, out _), $"{key}:{nameof(BaseImage)}",
            "must be host[:port]/repository:tag or host[:port]/repository@sha256:… (there is no Docker Hub default)");
        require(Repository.Length > 0 && Repository.Replace("{model}", "m", StringComparison.Ordinal).Split('/').All(IsRepositoryPart), $"{key}:{nameof(Repository)}",
            "must be lowercase path components of letters, digits and . _ - separators, with {model} for the model name");
        require(registry || !string.IsNullOrWhiteSpace(LayoutFolder), $"{key}:{nameof(LayoutFolder)}", "is required when no Registry is configured");
        require(EffectiveAuth is "Anonymous" or "Basic" or "Acr", $"{key}:{nameof(Auth)}", "must be Anonymous, Basic or Acr");
        require(EffectiveAuth != "Basic" || (!string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password)), $"{key}:{nameof(Password)}",
            "and Username are both required for Basic authentication; give the password as an app setting (EdgeFlows__Image__Password)");
        require(ModelPath.StartsWith('/') && !ModelPath.Any(char.IsControl), $"{key}:{nameof(ModelPath)}", "must be an absolute path in the image");
        require(RequestTimeout >= TimeSpan.FromSeconds(1) && RequestTimeout <= TimeSpan.FromHours(1), $"{key}:{nameof(RequestTimeout)}", "must be between 1 second and 1 hour");
    }

    private static bool IsRepositoryPart(string part) =>
        part.Length > 0 && IsLowerOrDigit(part[0]) && IsLowerOrDigit(part[^1]) && part.All(c => IsLowerOrDigit(c) || c is '.' or '_' or '-');

    private static bool IsLowerOrDigit(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
