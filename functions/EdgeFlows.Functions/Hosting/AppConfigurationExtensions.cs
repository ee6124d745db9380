// Where the app's settings come from, lowest precedence first: host.json, appsettings.json,
// local.settings.json (Functions-style "Values"), environment variables (App Service app
// settings), Azure Key Vault when EdgeFlows:KeyVault:Uri is set, and the command line.
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Adds the app's configuration sources.</summary>
public static class AppConfigurationExtensions
{
    /// <summary>The host file read from the content root, as in an Azure Functions app.</summary>
    public const string HostJsonFile = "host.json";

    /// <summary>The local settings file (never required; git-ignored).</summary>
    public const string LocalSettingsFile = "local.settings.json";

    /// <summary>
    /// Puts host.json below the appsettings files, local.settings.json just below the
    /// environment variables, and Key Vault (when configured) above them, so an App Service
    /// app setting overrides a file and a vault secret overrides an app setting.
    /// </summary>
    /// <param name="builder">The app builder.</param>
    /// <param name="keyVaultClient">Creates the vault client; the real one (DefaultAzureCredential or a managed identity) when null.</param>
    public static WebApplicationBuilder AddEdgeFlowsConfiguration(this WebApplicationBuilder builder, KeyVaultClientFactory? keyVaultClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var sources = configuration;
        var files = new PhysicalFileProvider(builder.Environment.ContentRootPath);

        var firstJson = IndexOf(sources.Sources, s => s is JsonConfigurationSource);
        sources.Sources.Insert(firstJson < 0 ? AppEnvironmentIndex(sources.Sources) : firstJson, new JsonConfigurationSource
        {
            Path = HostJsonFile,
            Optional = true,
            FileProvider = files,
        });
        sources.Sources.Insert(AppEnvironmentIndex(sources.Sources), new LocalSettingsConfigurationSource
        {
            Path = LocalSettingsFile,
            Optional = true,
            FileProvider = files,
        });

        // Read after the sources above are in place: the vault's address may come from any of them.
        var vault = KeyVaultSettings.FromConfiguration(configuration);
        if (vault is not null)
        {
            var afterEnvironment = AppEnvironmentIndex(sources.Sources) + 1;
            sources.Sources.Insert(
                Math.Min(afterEnvironment, sources.Sources.Count),
                new KeyVaultConfigurationSource(vault, keyVaultClient ?? KeyVaultClients.Create));
        }

        return builder;
    }

    // The unprefixed environment variables: the app settings of App Service.
    private static int AppEnvironmentIndex(IList<IConfigurationSource> sources)
    {
        var index = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                index = i;
            }
        }

        return index < 0 ? sources.Count : index;
    }

    private static int IndexOf(IList<IConfigurationSource> sources, Func<IConfigurationSource, bool> match)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            if (match(sources[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
