namespace EdgeFlows.Functions.Http.Keys;

/// <summary>Which key an endpoint needs, as Functions' authorization levels.</summary>
public enum KeyLevel
{
    /// <summary>A function key of the endpoint's function, the <c>default</c> function key, or the host key.</summary>
    Function,

    /// <summary>The host key only (the management API).</summary>
    Host,
}

/// <summary>Endpoint metadata: the key the endpoint needs.</summary>
/// <param name="Level">The level.</param>
/// <param name="FunctionName">The function, for <see cref="KeyLevel.Function"/>.</param>
public sealed record KeyRequirement(KeyLevel Level, string? FunctionName = null);

/// <summary>Marks endpoints with the key they need.</summary>
public static class KeyRequirementExtensions
{
    /// <summary>Only the host key opens these endpoints.</summary>
    public static TBuilder RequireHostKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new KeyRequirement(KeyLevel.Host));

    /// <summary>A key of <paramref name="functionName"/>, the default function key, or the host key opens these endpoints.</summary>
    public static TBuilder RequireFunctionKey<TBuilder>(this TBuilder builder, string functionName)
        where TBuilder : IEndpointConventionBuilder
    {
        if (!FunctionNames.IsKnown(functionName))
        {
            throw new ArgumentException($"'{functionName}' is not one of {string.Join(", ", FunctionNames.All)}.", nameof(functionName));
        }

        return builder.WithMetadata(new KeyRequirement(KeyLevel.Function, functionName));
    }
}
