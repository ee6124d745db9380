// Where the tests find the throw-away sshd: eng/test.sh starts it (eng/services/sshd.sh) and
// exports EDGEFLOWS_TEST_SSH_*. Without them every ssh test fails and says how to fix that,
// rather than skipping. Compiled into each test project that uses ssh (a linked file).
namespace EdgeFlows.Tests.Shared;

internal static class Sshd
{
    /// <summary>The server's address (127.0.0.1).</summary>
    public static string Host => Require("EDGEFLOWS_TEST_SSH_HOST");

    /// <summary>The server's port.</summary>
    public static int Port => int.Parse(Require("EDGEFLOWS_TEST_SSH_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The user the server lets in (the one running the tests).</summary>
    public static string User => Require("EDGEFLOWS_TEST_SSH_USER");

    /// <summary>The user's private key file.</summary>
    public static string KeyFile => Require("EDGEFLOWS_TEST_SSH_KEY");

    /// <summary>known_hosts pinning the server's host key.</summary>
    public static string KnownHostsFile => Require("EDGEFLOWS_TEST_SSH_KNOWN_HOSTS");

    /// <summary>known_hosts pinning another key for the same host and port: a changed host key.</summary>
    public static string WrongKnownHostsFile => Require("EDGEFLOWS_TEST_SSH_WRONG_KNOWN_HOSTS");

    private static string Require(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{name} is not set, so there is no sshd to test against. Run eng/test.sh, or start it with " +
                "'source eng/services/common.sh; source eng/services/sshd.sh; sshd_start' (EDGEFLOWS_TEST_WORK set) and run dotnet test in that shell.");
        }

        return value;
    }
}
