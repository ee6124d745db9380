using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Azure.Core.Diagnostics;
using EdgeFlows.Activities.Images;
using EdgeFlows.Activities.Tests.Storage;

namespace EdgeFlows.Activities.Tests.Images;

public class BasicAuthenticationTests
{
    [Fact]
    public async Task PushAsync_RightPassword_Pushes()
    {
        var client = Registry.CreateClient(Registry.BasicAuth, Registry.BasicCredentials);
        var repository = Registry.NewRepository("basic");

        var result = await new ModelImageBuilder().PushAsync(TestImages.Request(repository, "1"), client);

        var inspect = await Skopeo.InspectAsync($"{Registry.BasicAuth}/{repository}:1", $"{Registry.User}:{Registry.Password}");
        Assert.Equal(result.ManifestDigest, inspect.GetProperty("Digest").GetString());
    }

    [Fact]
    public async Task PushAsync_WrongPassword_ThrowsAuthenticationFailedWithoutTheSecret()
    {
        const string wrongPassword = "not-the-password-7f3a";
        var client = Registry.CreateClient(Registry.BasicAuth, RegistryCredentials.Basic(Registry.User, wrongPassword));

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => new ModelImageBuilder().PushAsync(TestImages.Request(Registry.NewRepository("wrong"), "1"), client));

        Assert.Equal(401, error.Status);
        Assert.Contains("Authentication failed", error.Message, StringComparison.Ordinal);
        Assert.Contains(Registry.BasicAuth, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongPassword, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushAsync_Anonymous_ThrowsAuthenticationFailed()
    {
        var client = Registry.CreateClient(Registry.BasicAuth);

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => new ModelImageBuilder().PushAsync(TestImages.Request(Registry.NewRepository("anonymous"), "1"), client));

        Assert.Contains("anonymous", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushAsync_WithLoggingOn_PasswordAppearsInNoLogLine()
    {
        var events = new ConcurrentQueue<string>();
        using var listener = new AzureEventSourceListener((e, message) => events.Enqueue(message + string.Join(' ', e.Payload ?? [])), EventLevel.Verbose);
        var logger = new CapturingLogger();
        var client = OciRegistryClient.ForRegistry(Registry.BasicAuth, Registry.BasicCredentials, Registry.FastRetries(), logger);

        await new ModelImageBuilder(logger: logger).PushAsync(TestImages.Request(Registry.NewRepository("logged"), "1"), client);

        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Registry.User}:{Registry.Password}"));
        Assert.NotEmpty(events);
        Assert.NotEmpty(logger.Lines);
        Assert.All(events.Concat(logger.Lines), line =>
        {
            Assert.DoesNotContain(Registry.Password, line, StringComparison.Ordinal);
            Assert.DoesNotContain(basic, line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void ToString_BasicCredentials_HidesThePassword()
    {
        var credentials = RegistryCredentials.Basic("ci", "s3cret-value");

        Assert.Equal("basic (user 'ci')", credentials.ToString());
    }
}
