using System.Globalization;
using System.Xml.Linq;

namespace EdgeFlows.Activities.Storage;

/// <summary>Parses the <c>EnumerationResults</c> XML of List Blobs into a <see cref="BlobListPage"/>.</summary>
internal static class BlobListParser
{
    public static async Task<BlobListPage> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        var document = await XDocument.LoadAsync(body, LoadOptions.None, cancellationToken).ConfigureAwait(false);
        var root = document.Root ?? throw new InvalidDataException("List Blobs returned an empty document.");
        var blobs = new List<BlobItem>();
        var prefixes = new List<string>();
        foreach (var element in root.Element("Blobs")?.Elements() ?? [])
        {
            var name = element.Element("Name")?.Value ?? throw new InvalidDataException("List Blobs returned an item without a name.");
            if (element.Name.LocalName == "BlobPrefix")
            {
                prefixes.Add(name);
            }
            else if (element.Name.LocalName == "Blob")
            {
                blobs.Add(new BlobItem(name, ReadProperties(element)));
            }
        }

        var nextMarker = root.Element("NextMarker")?.Value;
        return new BlobListPage(blobs, prefixes, string.IsNullOrEmpty(nextMarker) ? null : nextMarker);
    }

    private static BlobProperties ReadProperties(XElement blob)
    {
        var properties = blob.Element("Properties");
        string? Value(string name) => properties?.Element(name)?.Value is { Length: > 0 } v ? v : null;

        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in blob.Element("Metadata")?.Elements() ?? [])
        {
            metadata[entry.Name.LocalName] = entry.Value;
        }

        return new BlobProperties
        {
            ETag = BlobProperties.NormalizeETag(Value("Etag") ?? string.Empty),
            ContentLength = long.TryParse(Value("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : 0,
            LastModified = BlobResponseReader.ReadDate(Value("Last-Modified")),
            ContentMD5 = Value("Content-MD5"),
            ContentType = Value("Content-Type"),
            LeaseState = Value("LeaseState"),
            Metadata = metadata,
        };
    }
}
