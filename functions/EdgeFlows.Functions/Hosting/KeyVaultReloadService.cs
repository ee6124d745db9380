// Reads Key Vault's secrets again every EdgeFlows:KeyVault:ReloadInterval, so keys rotated in
// the vault apply without a restart (FunctionKeys follows the configuration). A failed read
// keeps the secrets loaded before and is logged; the next interval tries again.
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Reloads the vault's configuration provider on its interval, when one is set.</summary>
internal sealed class KeyVaultReloadService(IConfiguration configuration, ILogger<KeyVaultReloadService> logger, TimeProvider? time = null) : BackgroundService
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var vault = (configuration as IConfigurationRoot)?.Providers.OfType<KeyVaultConfigurationProvider>().FirstOrDefault();
        if (vault?.Settings.ReloadInterval is not { } interval)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, stoppingToken);
                var changed = await vault.ReloadAsync(stoppingToken);
                if (changed.Count > 0)
                {
                    logger.KeyVaultReloaded(vault.Settings.Uri, changed.Count, string.Join(", ", changed));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Includes a reload listener's failure; the secrets read before stay in force.
                logger.KeyVaultReloadFailed(vault.Settings.Uri, interval, ex);
            }
        }
    }
}
