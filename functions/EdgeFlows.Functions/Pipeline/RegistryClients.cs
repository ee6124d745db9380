// The OCI registry clients of the BuildAndPushImage step, made once from EdgeFlows:Image: the
// target registry with its credentials (basic, or Azure AD for ACR through Azure.Identity),
// and, for a base image in another registry, an anonymous client of that registry. Thread-safe.
using System.Collections.Concurrent;
using Azure.Identity;
using EdgeFlows.Activities.Images;
using EdgeFlows.Functions.Pipeline.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>Registry clients for the pipeline's images.</summary>
public sealed class RegistryClients(IOptions<RetrainPipelineOptions> options, ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, OciRegistryClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The configured registry's client.</summary>
    /// <exception cref="InvalidOperationException">No registry is configured.</exception>
    public OciRegistryClient Target()
    {
        var image = options.Value.Image;
        var registry = string.IsNullOrWhiteSpace(image.Registry)
            ? throw new InvalidOperationException("EdgeFlows:Image:Registry is not set.")
            : image.Registry;
        return _clients.GetOrAdd(registry, r => OciRegistryClient.ForRegistry(r, Credentials(image), ClientOptions(image), loggers.CreateLogger<OciRegistryClient>()));
    }

    /// <summary>The client that serves <paramref name="baseImage"/>: the target registry's, or an anonymous one of its own registry; null without a base image.</summary>
    public OciRegistryClient? BaseRegistry(ImageReference? baseImage)
    {
        if (baseImage is null)
        {
            return null;
        }

        var image = options.Value.Image;
        if (string.Equals(baseImage.Registry, image.Registry, StringComparison.OrdinalIgnoreCase))
        {
            return Target();
        }

        return _clients.GetOrAdd(baseImage.Registry, r => OciRegistryClient.ForRegistry(r, RegistryCredentials.Anonymous, ClientOptions(image), loggers.CreateLogger<OciRegistryClient>()));
    }

    private static RegistryCredentials Credentials(ImageOptions image) => image.EffectiveAuth switch
    {
        "Basic" => RegistryCredentials.Basic(image.Username!, image.Password!),
        "Acr" => RegistryCredentials.AzureContainerRegistry(new DefaultAzureCredential(), image.AzureScope),
        _ => RegistryCredentials.Anonymous,
    };

    private static OciRegistryClientOptions ClientOptions(ImageOptions image)
    {
        var client = new OciRegistryClientOptions { AllowInsecureHttp = image.AllowInsecureHttp };
        client.Retry.NetworkTimeout = image.RequestTimeout;
        return client;
    }
}
