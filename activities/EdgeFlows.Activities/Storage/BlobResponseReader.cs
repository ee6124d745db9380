// Turns Blob service responses into EdgeFlows types: properties from headers, and refused
// requests into BlobStorageException. Error messages carry only the first line of the
// service's message: further lines (AuthenticationErrorDetail, string-to-sign) can echo a
// signature, and the resource is named by path, never by URL with its query.
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Azure;

namespace EdgeFlows.Activities.Storage;

/// <summary>Reads Blob service responses.</summary>
internal static class BlobResponseReader
{
    /// <summary>Properties and metadata of a Get Blob Properties or Get Blob response.</summary>
    public static BlobProperties ReadProperties(Response response)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            if (header.Name.StartsWith(BlobHeaders.MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name[BlobHeaders.MetadataPrefix.Length..]] = header.Value;
            }
        }

        return new BlobProperties
        {
            ETag = BlobProperties.NormalizeETag(Header(response, BlobHeaders.ETag) ?? string.Empty),
            ContentLength = long.TryParse(Header(response, BlobHeaders.ContentLength), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : 0,
            LastModified = ReadDate(Header(response, BlobHeaders.LastModified)),
            ContentMD5 = Header(response, BlobHeaders.ContentMD5),
            ContentType = Header(response, BlobHeaders.ContentType),
            LeaseState = Header(response, BlobHeaders.LeaseState),
            Metadata = metadata,
        };
    }

    /// <summary>The response's ETag in quoted form.</summary>
    public static ETag ReadETag(Response response) =>
        BlobProperties.NormalizeETag(Header(response, BlobHeaders.ETag) ?? string.Empty);

    /// <summary>A header's value, or null.</summary>
    public static string? Header(Response response, string name) =>
        response.Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>An RFC 1123 date as the service sends it.</summary>
    public static DateTimeOffset ReadDate(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : DateTimeOffset.MinValue;

    /// <summary>
    /// Builds the exception for a refused request: the error code from <c>x-ms-error-code</c>,
    /// else from the XML body's <c>Code</c>.
    /// </summary>
    public static async Task<BlobStorageException> CreateExceptionAsync(
        Response response, string operation, string resource, CancellationToken cancellationToken)
    {
        var errorCode = Header(response, BlobHeaders.ErrorCode);
        string? serviceMessage = null;
        if (response.ContentStream is { } body)
        {
            try
            {
                var document = await XDocument.LoadAsync(body, LoadOptions.None, cancellationToken).ConfigureAwait(false);
                errorCode ??= document.Root?.Element("Code")?.Value;
                serviceMessage = document.Root?.Element("Message")?.Value;
            }
            catch (XmlException)
            {
                // Not every error has an XML body (HEAD never has one); the status and code suffice.
            }
        }

        var firstLine = serviceMessage?.Split('\n', 2)[0].Trim();
        var message = $"Blob storage {operation} of '{resource}' failed with {response.Status} {errorCode ?? response.ReasonPhrase}"
            + (string.IsNullOrEmpty(firstLine) ? "." : $": {firstLine}");
        return new BlobStorageException(response.Status, errorCode, message, Header(response, BlobHeaders.RequestId));
    }
}
