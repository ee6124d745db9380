// Where the tests find docker-registry: eng/test.sh starts three instances
// (eng/services/registry.sh) and exports their addresses as EDGEFLOWS_TEST_REGISTRY_*. Without
// them every image test fails and says how to fix that, rather than skipping, so a run without
// a registry never looks green. Compiled into each test project that pushes images (a linked file).
using EdgeFlows.Activities.Images;

namespace EdgeFlows.Tests.Shared;

internal static class Registry
{
    /// <summary>The registry without authentication, e.g. 127.0.0.1:PORT.</summary>
    public static string Open => Get("EDGEFLOWS_TEST_REGISTRY");

    /// <summary>The registry that requires HTTP basic auth (<see cref="User"/>, <see cref="Password"/>).</summary>
    public static string BasicAuth => Get("EDGEFLOWS_TEST_REGISTRY_AUTH");

    public static string User => Get("EDGEFLOWS_TEST_REGISTRY_USER");

    public static string Password => Get("EDGEFLOWS_TEST_REGISTRY_PASSWORD");

    /// <summary>The registry that requires bearer tokens from <see cref="TokenRealm"/>, where the tests run the token server.</summary>
    public static string TokenAuth => Get("EDGEFLOWS_TEST_REGISTRY_TOKEN");

    public static Uri TokenRealm => new(Get("EDGEFLOWS_TEST_REGISTRY_TOKEN_REALM"));

    public static string TokenService => Get("EDGEFLOWS_TEST_REGISTRY_TOKEN_SERVICE");

    public static string TokenIssuer => Get("EDGEFLOWS_TEST_REGISTRY_TOKEN_ISSUER");

    /// <summary>The PEM private key the token server signs with.</summary>
    public static string TokenKeyPath => Get("EDGEFLOWS_TEST_REGISTRY_TOKEN_KEY");

    /// <summary>The PEM certificate of <see cref="TokenKeyPath"/>, which the token registry trusts.</summary>
    public static string TokenCertificatePath => Get("EDGEFLOWS_TEST_REGISTRY_TOKEN_CERT");

    public static RegistryCredentials BasicCredentials => RegistryCredentials.Basic(User, Password);

    public static OciRegistryClient CreateClient(string registry, RegistryCredentials? credentials = null, OciRegistryClientOptions? options = null) =>
        OciRegistryClient.ForRegistry(registry, credentials, options ?? FastRetries());

    /// <summary>Options whose retries wait milliseconds, not seconds, so retry tests stay quick.</summary>
    public static OciRegistryClientOptions FastRetries(int chunkSizeBytes = 8 * 1024 * 1024)
    {
        var options = new OciRegistryClientOptions { ChunkSizeBytes = chunkSizeBytes };
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    /// <summary>A fresh repository name, so tests never see each other's images.</summary>
    public static string NewRepository(string purpose) => $"edgeflows-tests/{purpose}-{Guid.NewGuid():N}"[..Math.Min(80, purpose.Length + 48)];

    private static string Get(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{variable} is not set, so there is no docker-registry to test against. Run eng/test.sh, or start the registries with " +
                "'source eng/services/common.sh; source eng/services/registry.sh; registry_start' (EDGEFLOWS_TEST_WORK set) and run dotnet test in that shell.");
        }

        return value;
    }
}
