// ASP.NET Core's hosting diagnostics log every request line with its query string, which may
// hold a function key (?code=...). This category is held to Warning for every logging
// provider, whatever the configured levels; RequestLoggingMiddleware logs requests instead,
// with the key redacted.
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Keeps the hosting request-line logs (which carry raw query strings) off.</summary>
internal sealed class RequestLineLogRedaction : IPostConfigureOptions<LoggerFilterOptions>
{
    /// <summary>The category that logs "Request starting ... ?code=...".</summary>
    public const string Category = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public void PostConfigure(string? name, LoggerFilterOptions options)
    {
        // A provider-specific rule outranks any rule without a provider, so the hold is added
        // for every provider named in the rules as well as for all providers.
        var providers = options.Rules.Select(r => r.ProviderName).Distinct().ToList();
        if (!providers.Contains(null))
        {
            providers.Add(null);
        }

        foreach (var provider in providers)
        {
            options.Rules.Add(new LoggerFilterRule(provider, Category, LogLevel.Warning, filter: null));
        }
    }
}
