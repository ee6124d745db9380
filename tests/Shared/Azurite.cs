// Where the tests find Azurite: eng/test.sh starts it (eng/services/azurite.sh) and exports
// EDGEFLOWS_TEST_AZURITE_BLOB. Without it every storage test fails and says how to fix that,
// rather than skipping, so a run without storage never looks green. Compiled into each test
// project that talks to storage (a linked file, see their .csproj).
using EdgeFlows.Activities.Storage;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Tests.Shared;

internal static class Azurite
{
    public const string EnvironmentVariable = "EDGEFLOWS_TEST_AZURITE_BLOB";
    public const string AccountName = "devstoreaccount1";

    // Azurite's well-known development key, published by Microsoft; not a secret.
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The blob endpoint, e.g. http://127.0.0.1:PORT/devstoreaccount1.</summary>
    public static Uri BlobEndpoint
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"{EnvironmentVariable} is not set, so there is no Azurite to test against. Run eng/test.sh, or start Azurite with " +
                    "'source eng/services/common.sh; source eng/services/azurite.sh; azurite_start' (EDGEFLOWS_TEST_WORK set) and run dotnet test in that shell.");
            }

            return new Uri(value.TrimEnd('/'));
        }
    }

    public static string ConnectionString => ConnectionStringWithKey(AccountKey);

    /// <summary>A connection string to the same account with another key, which Azurite refuses.</summary>
    public static string ConnectionStringWithWrongKey => ConnectionStringWithKey(Convert.ToBase64String(new byte[64]));

    public static BlobStorageClient CreateClient(BlobStorageClientOptions? options = null, ILogger? logger = null) =>
        new(ConnectionString, options, logger);

    /// <summary>A fresh container name, so tests never see each other's blobs.</summary>
    public static string NewContainerName(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..Math.Min(63, purpose.Length + 33)];

    private static string ConnectionStringWithKey(string key) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={key};BlobEndpoint={BlobEndpoint}";
}
