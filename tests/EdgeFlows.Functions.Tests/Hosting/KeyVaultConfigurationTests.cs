using System.Net;
using EdgeFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Functions.Tests.Hosting;

public sealed class KeyVaultConfigurationTests
{
    private const string VaultHostKey = "host-key-from-the-vault-0123";

    [Fact]
    public async Task Vault_SecretsOverSeveralPages_BecomeSettingsWithDoubleDashAsColon()
    {
        await using var vault = await FakeKeyVault.StartAsync(new Dictionary<string, (string, bool)>
        {
            ["EdgeFlows--Keys--Host"] = (VaultHostKey, true),
            ["EdgeFlows--Keys--Functions--runs"] = ("runs-key-from-the-vault-01", true),
            ["EdgeFlows--Keys--Functions--models"] = ("disabled-secret-value-0001", false),
            ["Plain"] = ("value", true),
        });
        await using var app = await StartAsync(vault.Address, "00:00:10");

        var configuration = app.App.Services.GetRequiredService<IConfiguration>();
        using var management = await app.GetAsync("runtime/webhooks/durabletask/instances", VaultHostKey);

        Assert.Equal(HttpStatusCode.OK, management.StatusCode);
        Assert.Equal("runs-key-from-the-vault-01", configuration["EdgeFlows:Keys:Functions:runs"]);
        Assert.Equal("value", configuration["Plain"]);
        Assert.Null(configuration["EdgeFlows:Keys:Functions:models"]);
        Assert.True(vault.AuthorizedRequests >= 4);
    }

    [Fact]
    public async Task Vault_NotAnswering_StartFailsAfterTheTimeoutNamingTheSetting()
    {
        await using var vault = await FakeKeyVault.StartAsync(new Dictionary<string, (string, bool)>(), hang: true);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(vault.Address, "00:00:01"));

        Assert.Contains("EdgeFlows:KeyVault:Timeout", ex.Message, StringComparison.Ordinal);
        Assert.Contains(FakeKeyVault.VaultUri.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vault_Unreachable_StartFailsNamingTheSetting()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(new Uri("http://127.0.0.1:1/"), "00:00:10"));

        Assert.Contains("EdgeFlows:KeyVault:Uri", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vault_UriNotHttps_StartFailsNamingTheSetting()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => AppTestHost.StartAsync(
            files: new Dictionary<string, string> { ["local.settings.json"] = """{ "Values": { "EdgeFlows__KeyVault__Uri": "http://vault.example/" } }""" }));

        Assert.Contains("EdgeFlows:KeyVault:Uri must be an absolute https URI", ex.Message, StringComparison.Ordinal);
    }

    // The vault's address comes from local.settings.json, as it would from an app setting.
    private static Task<AppTestHost> StartAsync(Uri vaultAddress, string timeout) => AppTestHost.StartAsync(
        settings: new Dictionary<string, string?> { ["EdgeFlows:Keys:Host"] = null, ["EdgeFlows:Keys:Functions:models"] = null },
        files: new Dictionary<string, string>
        {
            ["local.settings.json"] = $$"""{ "Values": { "EdgeFlows__KeyVault__Uri": "{{FakeKeyVault.VaultUri}}", "EdgeFlows__KeyVault__Timeout": "{{timeout}}" } }""",
        },
        keyVault: FakeKeyVault.ClientFor(vaultAddress));
}
