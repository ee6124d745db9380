using System.Collections.Concurrent;
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

    [Fact]
    public async Task Vault_HostKeyRotated_NewKeyOpensAndOldIsRefusedWithoutARestart()
    {
        var secrets = new ConcurrentDictionary<string, (string, bool)> { ["EdgeFlows--Keys--Host"] = (VaultHostKey, true) };
        await using var vault = await FakeKeyVault.StartAsync(secrets);
        await using var app = await StartAsync(vault.Address, "00:00:10", reloadInterval: "00:00:01");
        using (var before = await app.GetAsync(ManagementPath, VaultHostKey))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        secrets["EdgeFlows--Keys--Host"] = (RotatedHostKey, true);
        await Eventually.TrueAsync(async () => await StatusAsync(app, RotatedHostKey) == HttpStatusCode.OK, "the rotated host key to open the management API");

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(app, VaultHostKey));
        Assert.Contains(app.Logs.Lines, l => l.Contains("secrets read again; 1 settings changed (EdgeFlows:Keys:Host)", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, l => l.Contains("Access keys reloaded", StringComparison.Ordinal));
        Assert.All(app.Logs.Lines, l => Assert.DoesNotContain(RotatedHostKey, l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Vault_HostKeyRotatedToAnInvalidOne_KeyInForceStaysAndTheRefusalIsLogged()
    {
        const string tooShort = "rotated-short-1";
        var secrets = new ConcurrentDictionary<string, (string, bool)> { ["EdgeFlows--Keys--Host"] = (VaultHostKey, true) };
        await using var vault = await FakeKeyVault.StartAsync(secrets);
        await using var app = await StartAsync(vault.Address, "00:00:10", reloadInterval: "00:00:01");

        secrets["EdgeFlows--Keys--Host"] = (tooShort, true);
        await Eventually.TrueAsync(() => app.Logs.Lines.Any(l => l.Contains("are not valid, so the keys in force stay", StringComparison.Ordinal)), "the refused reload to be logged");

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app, VaultHostKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(app, tooShort));
        Assert.Contains(app.Logs.Lines, l => l.Contains("EdgeFlows:Keys:Host must be at least 16 characters long", StringComparison.Ordinal));
        Assert.All(app.Logs.Lines, l => Assert.DoesNotContain(tooShort, l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Vault_GoneAfterStart_KeysInForceStayAndTheFailureIsLogged()
    {
        var vault = await FakeKeyVault.StartAsync(new Dictionary<string, (string, bool)> { ["EdgeFlows--Keys--Host"] = (VaultHostKey, true) });
        await using var app = await StartAsync(vault.Address, "00:00:10", reloadInterval: "00:00:01");

        await vault.DisposeAsync();
        await Eventually.TrueAsync(() => app.Logs.Lines.Any(l => l.Contains("reading the secrets again failed", StringComparison.Ordinal)), "the failed reload to be logged");

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app, VaultHostKey));
    }

    [Fact]
    public async Task Vault_ReloadIntervalNotATimeSpan_StartFailsNamingTheSetting()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(new Uri("http://127.0.0.1:1/"), "00:00:10", reloadInterval: "hourly"));

        Assert.Contains("EdgeFlows:KeyVault:ReloadInterval must be a time span between 00:00:01 and 1.00:00:00", ex.Message, StringComparison.Ordinal);
    }

    private const string ManagementPath = "runtime/webhooks/durabletask/instances";

    private const string RotatedHostKey = "host-key-rotated-in-the-vault-4567";

    private static async Task<HttpStatusCode> StatusAsync(AppTestHost app, string key)
    {
        using var response = await app.GetAsync(ManagementPath, key);
        return response.StatusCode;
    }

    // The vault's address comes from local.settings.json, as it would from an app setting.
    private static Task<AppTestHost> StartAsync(Uri vaultAddress, string timeout, string? reloadInterval = null) => AppTestHost.StartAsync(
        settings: new Dictionary<string, string?> { ["EdgeFlows:Keys:Host"] = null, ["EdgeFlows:Keys:Functions:models"] = null },
        files: new Dictionary<string, string>
        {
            ["local.settings.json"] = $$"""{ "Values": { "EdgeFlows__KeyVault__Uri": "{{FakeKeyVault.VaultUri}}", "EdgeFlows__KeyVault__Timeout": "{{timeout}}"{{(reloadInterval is null ? "" : $", \"EdgeFlows__KeyVault__ReloadInterval\": \"{reloadInterval}\"")}} } }""",
        },
        keyVault: FakeKeyVault.ClientFor(vaultAddress));
}
