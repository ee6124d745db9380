// Builds service SAS tokens signed with the account key. The string-to-sign is the one the
// Blob service defines for signed versions 2018-11-09 up to (not including) 2020-12-06:
//
//   sp \n st \n se \n /blob/{account}/{container}[/{blob}] \n si \n sip \n spr \n sv \n sr \n
//   snapshot time \n rscc \n rscd \n rsce \n rscl \n rsct
//
// The version is pinned to SasVersion rather than following the client's x-ms-version,
// because the string-to-sign changes with the version (2020-12-06 adds the encryption scope).
using System.Globalization;
using System.Text;

namespace EdgeFlows.Activities.Storage;

/// <summary>Signs service SAS tokens for a blob (<c>sr=b</c>) or a container (<c>sr=c</c>).</summary>
internal static class ServiceSasSigner
{
    /// <summary>The signed version (<c>sv</c>) of every SAS this client generates.</summary>
    public const string SasVersion = "2019-07-07";

    /// <summary>
    /// Returns the SAS query string (without '?') for <paramref name="container"/> and, when
    /// given, <paramref name="blobName"/> (unencoded). The result holds the signature: callers
    /// must not log it.
    /// </summary>
    public static string CreateToken(
        StorageSharedKeyCredential credential,
        string container,
        string? blobName,
        BlobSasPermissions permissions,
        DateTimeOffset expiresOn,
        DateTimeOffset? startsOn)
    {
        var signedPermissions = permissions.ToSasString();
        if (signedPermissions.Length == 0)
        {
            throw new ArgumentException("A SAS needs at least one permission.", nameof(permissions));
        }

        if (startsOn is { } start && start >= expiresOn)
        {
            throw new ArgumentException("The SAS start must be before its expiry.", nameof(startsOn));
        }

        var resource = blobName is null ? "c" : "b";
        var st = startsOn is { } s ? FormatTime(s) : string.Empty;
        var se = FormatTime(expiresOn);
        var canonicalized = blobName is null
            ? $"/blob/{credential.AccountName}/{container}"
            : $"/blob/{credential.AccountName}/{container}/{blobName}";

        string[] fields =
        [
            signedPermissions, st, se, canonicalized,
            string.Empty, // si: no stored access policy
            string.Empty, // sip: any address
            string.Empty, // spr: the endpoint's own scheme
            SasVersion, resource,
            string.Empty, // signed snapshot time
            string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, // rscc, rscd, rsce, rscl, rsct
        ];
        var signature = credential.ComputeHmacSha256(string.Join('\n', fields));

        var query = new StringBuilder(160);
        query.Append("sv=").Append(SasVersion);
        if (st.Length > 0)
        {
            query.Append("&st=").Append(Uri.EscapeDataString(st));
        }

        query.Append("&se=").Append(Uri.EscapeDataString(se))
            .Append("&sr=").Append(resource)
            .Append("&sp=").Append(signedPermissions)
            .Append("&sig=").Append(Uri.EscapeDataString(signature));
        return query.ToString();
    }

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
