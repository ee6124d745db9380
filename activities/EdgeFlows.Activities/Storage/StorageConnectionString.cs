// Parses storage connection strings in the forms Azure tools write them. Every error names
// the setting that is wrong and never repeats a value that could be a secret (AccountKey,
// SharedAccessSignature), because connection strings end up in exception logs.
using System.Text.RegularExpressions;

namespace EdgeFlows.Activities.Storage;

/// <summary>
/// A parsed storage connection string: the blob endpoint and how to authenticate against it
/// (Shared Key, a given SAS token, or anonymous).
/// </summary>
/// <remarks>
/// Accepted forms: <c>UseDevelopmentStorage=true</c>;
/// <c>DefaultEndpointsProtocol=https;AccountName=..;AccountKey=..;EndpointSuffix=local.azurestack.external</c>
/// (the blob endpoint becomes <c>https://{account}.blob.{suffix}</c>); and
/// <c>BlobEndpoint=..;SharedAccessSignature=..</c>. <c>BlobEndpoint</c> may also be combined
/// with <c>AccountName</c> and <c>AccountKey</c> (path-style endpoints such as Azurite's).
/// </remarks>
public sealed partial class StorageConnectionString
{
    /// <summary>Azurite's and the storage emulator's well-known, public development account.</summary>
    internal const string DevelopmentAccountName = "devstoreaccount1";

    // Published in Microsoft's emulator documentation; not a secret.
    internal const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string DefaultEndpointSuffix = "core.windows.net";
    private const string DevelopmentBlobEndpoint = "http://127.0.0.1:10000/devstoreaccount1";

    // Settings other Azure tools write for services this client does not use; accepted and ignored.
    private static readonly HashSet<string> IgnoredSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "QueueEndpoint", "TableEndpoint", "FileEndpoint", "BlobSecondaryEndpoint",
        "QueueSecondaryEndpoint", "TableSecondaryEndpoint", "FileSecondaryEndpoint",
    };

    private static readonly HashSet<string> KnownSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "UseDevelopmentStorage", "DefaultEndpointsProtocol", "AccountName", "AccountKey",
        "EndpointSuffix", "BlobEndpoint", "SharedAccessSignature",
    };

    private StorageConnectionString(Uri blobEndpoint, string? accountName, StorageSharedKeyCredential? sharedKey, string? sas)
    {
        BlobEndpoint = blobEndpoint;
        AccountName = accountName;
        SharedKey = sharedKey;
        SharedAccessSignature = sas;
    }

    /// <summary>The blob service endpoint, without a trailing slash.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The account name when the connection string gives one.</summary>
    public string? AccountName { get; }

    /// <summary>The Shared Key credential, when the connection string has an account key.</summary>
    public StorageSharedKeyCredential? SharedKey { get; }

    /// <summary>The SAS token (without a leading '?'), when the connection string has one.</summary>
    internal string? SharedAccessSignature { get; }

    /// <summary>True when requests are authorized with a given SAS token.</summary>
    public bool HasSharedAccessSignature => SharedAccessSignature is not null;

    /// <summary>Parses a connection string.</summary>
    /// <exception cref="FormatException">A setting is missing, unknown, repeated or invalid; the
    /// message names it and never contains a key or signature.</exception>
    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var settings = ReadSettings(connectionString);

        if (settings.TryGetValue("UseDevelopmentStorage", out var useDev))
        {
            if (!string.Equals(useDev, "true", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("UseDevelopmentStorage must be 'true' when present.");
            }

            if (settings.Count > 1)
            {
                throw Invalid("UseDevelopmentStorage=true cannot be combined with other settings.");
            }

            return new StorageConnectionString(
                new Uri(DevelopmentBlobEndpoint),
                DevelopmentAccountName,
                new StorageSharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey),
                sas: null);
        }

        settings.TryGetValue("AccountName", out var accountName);
        if (accountName is not null && !AccountNamePattern().IsMatch(accountName))
        {
            throw Invalid("AccountName must be 3 to 24 lowercase letters and digits.");
        }

        var sharedKey = ReadSharedKey(settings, accountName);
        var sas = ReadSas(settings);
        if (sharedKey is not null && sas is not null)
        {
            throw Invalid("AccountKey and SharedAccessSignature cannot both be given; use one.");
        }

        return new StorageConnectionString(ReadBlobEndpoint(settings, accountName), accountName, sharedKey, sas);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var auth = SharedKey is not null ? "SharedKey" : HasSharedAccessSignature ? "SAS" : "anonymous";
        return $"BlobEndpoint={BlobEndpoint};Auth={auth}";
    }

    private static Dictionary<string, string> ReadSettings(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var segments = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (segments.Length == 0)
        {
            throw Invalid("it is empty.");
        }

        for (var i = 0; i < segments.Length; i++)
        {
            var equals = segments[i].IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // The segment itself is not echoed: it may be a pasted key.
                throw Invalid($"part {i + 1} is not a Name=Value setting.");
            }

            var name = segments[i][..equals].Trim();
            var value = segments[i][(equals + 1)..].Trim();
            if (!KnownSettings.Contains(name) && !IgnoredSettings.Contains(name))
            {
                // A pasted key ends in '=' and so looks like "name=": echo only what reads as a name.
                throw Invalid(SettingNamePattern().IsMatch(name)
                    ? $"unknown setting '{name}'."
                    : $"part {i + 1} is not a Name=Value setting.");
            }

            if (value.Length == 0)
            {
                throw Invalid($"{name} is empty.");
            }

            if (!settings.TryAdd(name, value))
            {
                throw Invalid($"{name} is given more than once.");
            }
        }

        return settings;
    }

    private static StorageSharedKeyCredential? ReadSharedKey(Dictionary<string, string> settings, string? accountName)
    {
        if (!settings.TryGetValue("AccountKey", out var key))
        {
            return null;
        }

        if (accountName is null)
        {
            throw Invalid("AccountKey needs AccountName.");
        }

        try
        {
            return new StorageSharedKeyCredential(accountName, key);
        }
        catch (ArgumentException)
        {
            throw Invalid("AccountKey is not valid base64.");
        }
    }

    private static string? ReadSas(Dictionary<string, string> settings)
    {
        if (!settings.TryGetValue("SharedAccessSignature", out var sas))
        {
            return null;
        }

        sas = sas.TrimStart('?');
        var names = sas.Split('&').Select(p => p.Split('=', 2)[0]);
        if (!names.Contains("sig", StringComparer.Ordinal))
        {
            throw Invalid("SharedAccessSignature has no 'sig' parameter.");
        }

        if (!names.Contains("sv", StringComparer.Ordinal))
        {
            throw Invalid("SharedAccessSignature has no 'sv' (signed version) parameter.");
        }

        return sas;
    }

    private static Uri ReadBlobEndpoint(Dictionary<string, string> settings, string? accountName)
    {
        if (settings.TryGetValue("BlobEndpoint", out var endpoint))
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw Invalid("BlobEndpoint is not an absolute http or https URI.");
            }

            if (!string.IsNullOrEmpty(uri.Query))
            {
                throw Invalid("BlobEndpoint must not have a query; put a SAS token in SharedAccessSignature.");
            }

            return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        }

        if (accountName is null)
        {
            throw Invalid("it needs AccountName or BlobEndpoint.");
        }

        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", Uri.UriSchemeHttps);
        if (!string.Equals(protocol, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(protocol, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("DefaultEndpointsProtocol must be 'http' or 'https'.");
        }

        var suffix = settings.GetValueOrDefault("EndpointSuffix", DefaultEndpointSuffix).Trim('.');
        if (Uri.CheckHostName($"{accountName}.blob.{suffix}") != UriHostNameType.Dns)
        {
            throw Invalid("EndpointSuffix is not a DNS name such as 'local.azurestack.external'.");
        }

        return new Uri($"{protocol.ToLowerInvariant()}://{accountName}.blob.{suffix}");
    }

    private static FormatException Invalid(string problem) => new($"Storage connection string: {problem}");

    [GeneratedRegex("^[A-Za-z]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex SettingNamePattern();

    [GeneratedRegex("^[a-z0-9]{3,24}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountNamePattern();
}
