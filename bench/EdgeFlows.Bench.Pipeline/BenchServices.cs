// The services the pipeline benchmark runs against, found the way the tests find them: the
// EDGEFLOWS_TEST_* variables eng/services/*.sh export (bench/run-pipeline.sh starts them).
namespace EdgeFlows.Bench.Pipeline;

/// <summary>Azurite, docker-registry and (for ssh) sshd on 127.0.0.1.</summary>
/// <param name="AzuriteBlob">Azurite's blob endpoint, <c>http://127.0.0.1:PORT/devstoreaccount1</c>.</param>
/// <param name="Registry">The registry without authentication, <c>127.0.0.1:PORT</c>.</param>
/// <param name="Ssh">The sshd, for the ssh runner.</param>
public sealed record BenchServices(Uri AzuriteBlob, string Registry, SshSettings? Ssh)
{
    /// <summary>Azurite's published development key (not a secret).</summary>
    public const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The connection string to Azurite.</summary>
    public string ConnectionString => $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};BlobEndpoint={AzuriteBlob}";

    /// <summary>Reads the variables; throws saying how to start the services when one is missing.</summary>
    public static BenchServices FromEnvironment(string runner) => new(
        new Uri(Require("EDGEFLOWS_TEST_AZURITE_BLOB").TrimEnd('/')),
        Require("EDGEFLOWS_TEST_REGISTRY"),
        runner == "ssh"
            ? new SshSettings(Require("EDGEFLOWS_TEST_SSH_HOST"), Require("EDGEFLOWS_TEST_SSH_PORT"), Require("EDGEFLOWS_TEST_SSH_USER"), Require("EDGEFLOWS_TEST_SSH_KEY"), Require("EDGEFLOWS_TEST_SSH_KNOWN_HOSTS"))
            : null);

    private static string Require(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException(
                $"{name} is not set. The pipeline benchmark runs against the test services; start them with bench/run-pipeline.sh, " +
                "or 'source eng/services/common.sh' and the azurite, registry and sshd scripts, then '<name>_start' each, in the same shell.")
            : value;
    }
}

/// <summary>The test sshd.</summary>
/// <param name="Host">Its address.</param>
/// <param name="Port">Its port.</param>
/// <param name="User">The user it lets in.</param>
/// <param name="KeyFile">The user's private key file.</param>
/// <param name="KnownHostsFile">known_hosts pinning its host key.</param>
public sealed record SshSettings(string Host, string Port, string User, string KeyFile, string KnownHostsFile);
