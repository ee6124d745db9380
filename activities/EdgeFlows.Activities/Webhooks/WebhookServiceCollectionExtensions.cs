using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Activities.Webhooks;

/// <summary>Registers the <see cref="WebhookSender"/>.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>The configuration section of <see cref="WebhookSenderOptions"/>.</summary>
    public const string SectionName = "EdgeFlows:Webhooks";

    /// <summary>
    /// Adds <see cref="WebhookSender"/> over a client from <see cref="WebhookSender.CreateHandler"/>
    /// (no redirects, no client-wide timeout), its options bound from <see cref="SectionName"/>.
    /// </summary>
    public static IServiceCollection AddWebhookSender(this IServiceCollection services, Action<WebhookSenderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WebhookSenderOptions>().BindConfiguration(SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(
            o =>
            {
                try
                {
                    o.Validate();
                    return true;
                }
                catch (ArgumentException)
                {
                    return false;
                }
            },
            $"{SectionName}: FirstRetryDelay, MaxRetryDelay and MaxRetryAfter must not be negative, and BackoffCoefficient must be at least 1.").ValidateOnStart();

        Func<HttpClient, IServiceProvider, WebhookSender> factory = (client, provider) => new WebhookSender(
            client,
            provider.GetRequiredService<IOptions<WebhookSenderOptions>>().Value,
            provider.GetService<ILogger<WebhookSender>>(),
            provider.GetService<TimeProvider>());
        services.AddHttpClient<WebhookSender, WebhookSender>(factory)
            .ConfigurePrimaryHttpMessageHandler(WebhookSender.CreateHandler)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
