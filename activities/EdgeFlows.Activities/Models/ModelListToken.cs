// The continuation token of a registry listing: the last row's key (name, version), as
// base64url JSON. Pages are keyset-paged on (name, version descending), so a page never
// repeats or skips a version when others are added meanwhile.
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace EdgeFlows.Activities.Models;

/// <summary>Where the next page of a listing starts: after this version.</summary>
internal sealed record ModelListToken(string Name, int Version)
{
    public string Format() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this)));

    public static ModelListToken Parse(string token)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize<ModelListToken>(Base64Url.DecodeFromChars(token));
            if (parsed is { Name.Length: > 0, Version: > 0 })
            {
                return parsed;
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            // Reported below as the same clear error as a well-formed but foreign token.
        }

        throw new ArgumentException("The ContinuationToken is not one this registry issued; pass back a page's token unchanged.", nameof(token));
    }
}
