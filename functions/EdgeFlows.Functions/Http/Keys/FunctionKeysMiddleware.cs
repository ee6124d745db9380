using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Http.Keys;

/// <summary>
/// Checks the key of requests to endpoints that need one (<see cref="KeyRequirement"/>): the
/// <c>x-functions-key</c> header, else the <c>code</c> query parameter, as Azure Functions
/// reads them. A missing or wrong key gets 401 with no detail.
/// </summary>
internal sealed class FunctionKeysMiddleware(RequestDelegate next, FunctionKeys keys)
{
    /// <summary>The key header.</summary>
    public const string KeyHeader = "x-functions-key";

    /// <summary>The key query parameter.</summary>
    public const string KeyQuery = "code";

    public Task InvokeAsync(HttpContext context)
    {
        var requirement = context.GetEndpoint()?.Metadata.GetMetadata<KeyRequirement>();
        if (requirement is null || keys.IsAuthorized(requirement, PresentedKey(context.Request)))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    /// <summary>The key the request presents, if any.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[KeyHeader].ToString();
        return string.IsNullOrEmpty(header) ? request.Query[KeyQuery].ToString() : header;
    }
}

/// <summary>Registers the key check.</summary>
public static class FunctionKeysExtensions
{
    /// <summary>Binds <see cref="KeyOptions"/> (checked at start-up) and adds <see cref="FunctionKeys"/>.</summary>
    public static IServiceCollection AddFunctionKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KeyOptions>().Bind(configuration.GetSection(KeyOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyOptions>>(new Hosting.OptionsValidator<KeyOptions>(o => o.Validate()));
        services.AddSingleton<FunctionKeys>();
        return services;
    }

    /// <summary>Adds the key check after routing, so it sees the endpoint's requirement before the endpoint runs.</summary>
    public static IApplicationBuilder UseFunctionKeys(this IApplicationBuilder app) => app.UseMiddleware<FunctionKeysMiddleware>();
}
