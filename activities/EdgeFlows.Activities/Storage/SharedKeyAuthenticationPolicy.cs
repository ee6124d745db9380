// Signs each try of a request with Shared Key, exactly as the Blob service canonicalizes it
// for versions 2015-02-21 and later (2019-07-07 included):
//
//   VERB \n Content-Encoding \n Content-Language \n Content-Length (empty when 0) \n
//   Content-MD5 \n Content-Type \n Date \n If-Modified-Since \n If-Match \n If-None-Match \n
//   If-Unmodified-Since \n Range \n CanonicalizedHeaders CanonicalizedResource
//
// CanonicalizedHeaders: every x-ms-* header, name lowercased, sorted, "name:value\n".
// CanonicalizedResource: "/" + account + the encoded URI path, then per query parameter
// (name lowercased, sorted) "\nname:v1,v2" with decoded, sorted values. The date goes in
// x-ms-date, so the Date line stays empty. It runs per retry so every try gets a fresh date.
using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EdgeFlows.Activities.Storage;

/// <summary>Adds <c>x-ms-date</c> and a Shared Key <c>Authorization</c> header.</summary>
internal sealed class SharedKeyAuthenticationPolicy(StorageSharedKeyCredential credential) : HttpPipelineSynchronousPolicy
{
    private static readonly string[] StandardHeaders =
    [
        "Content-Encoding", "Content-Language", BlobHeaders.ContentLength, BlobHeaders.ContentMD5,
        BlobHeaders.ContentType, "Date", "If-Modified-Since", BlobHeaders.IfMatch, "If-None-Match",
        "If-Unmodified-Since", "Range",
    ];

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue(BlobHeaders.Date, DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        var signature = credential.ComputeHmacSha256(BuildStringToSign(request, credential.AccountName));
        request.Headers.SetValue(HttpHeader.Names.Authorization, $"SharedKey {credential.AccountName}:{signature}");
    }

    /// <summary>The Shared Key string-to-sign of <paramref name="request"/>.</summary>
    internal static string BuildStringToSign(Request request, string accountName)
    {
        var builder = new StringBuilder(256);
        builder.Append(request.Method.Method.ToUpperInvariant()).Append('\n');
        foreach (var name in StandardHeaders)
        {
            builder.Append(StandardHeaderValue(request, name)).Append('\n');
        }

        AppendCanonicalizedHeaders(builder, request);
        AppendCanonicalizedResource(builder, request.Uri.ToUri(), accountName);
        return builder.ToString();
    }

    private static string StandardHeaderValue(Request request, string name)
    {
        if (name == BlobHeaders.ContentLength)
        {
            // The transport derives Content-Length from the content; since 2015-02-21 a zero
            // length is signed as the empty string.
            return request.Content is not null && request.Content.TryComputeLength(out var length) && length > 0
                ? length.ToString(CultureInfo.InvariantCulture)
                : string.Empty;
        }

        return request.Headers.TryGetValue(name, out var value) ? value : string.Empty;
    }

    private static void AppendCanonicalizedHeaders(StringBuilder builder, Request request)
    {
        var headers = request.Headers
            .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    private static void AppendCanonicalizedResource(StringBuilder builder, Uri uri, string accountName)
    {
        // AbsolutePath keeps the percent-encoding that goes on the wire, which is what is signed.
        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return;
        }

        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => (Name: Uri.UnescapeDataString(parts[0]).ToLowerInvariant(),
                Value: parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty))
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in parameters)
        {
            var values = group.Select(p => p.Value).Order(StringComparer.Ordinal);
            builder.Append('\n').Append(group.Key).Append(':').AppendJoin(',', values);
        }
    }
}
