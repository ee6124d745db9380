using EdgeFlows.Functions.Http.Keys;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EdgeFlows.Functions.Http;

/// <summary>
/// Declares the two ways to present a key in the OpenAPI document (the <c>x-functions-key</c>
/// header, the <c>code</c> query parameter), so generated clients and API consoles send one.
/// </summary>
internal sealed class OpenApiKeySchemes : IOpenApiDocumentTransformer
{
    public const string HeaderScheme = "functionKeyHeader";
    public const string QueryScheme = "functionKeyQuery";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = FunctionKeysMiddleware.KeyHeader,
            Description = "The host key (management API) or a function key (app endpoints).",
        };
        document.Components.SecuritySchemes[QueryScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Query,
            Name = FunctionKeysMiddleware.KeyQuery,
            Description = "The same key as a query parameter, as Azure Functions accepts it.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(QueryScheme, document)] = [] });
        return Task.CompletedTask;
    }
}
