// The app's address and key. The key is kept here and only ever goes into the
// x-functions-key header of requests to that address: never into a URL (where logs and
// proxies keep it), a message or an exception.
namespace EdgeFlows.Cli.Backends.Remote;

/// <summary>Where the app is and the key that opens it.</summary>
public sealed class RemoteEndpoint
{
    private RemoteEndpoint(Uri baseAddress, string? key, TimeSpan requestTimeout)
    {
        BaseAddress = baseAddress;
        Key = key;
        RequestTimeout = requestTimeout;
    }

    /// <summary>The app's base URL, ending with '/'.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The host key (or a function key), sent as <c>x-functions-key</c>; null for an app that allows anonymous calls.</summary>
    internal string? Key { get; }

    /// <summary>How long one request may take, connection included.</summary>
    public TimeSpan RequestTimeout { get; }

    /// <summary>True when the key would cross the network unencrypted (http to a host that is not this machine).</summary>
    public bool KeyTravelsInClear => Key is not null && BaseAddress.Scheme == Uri.UriSchemeHttp && !BaseAddress.IsLoopback;

    /// <summary>Checks and keeps the URL and key.</summary>
    /// <exception cref="CliException">The URL is not an absolute http(s) URL without credentials, query or fragment (exit 2).</exception>
    public static RemoteEndpoint Create(string url, string? key, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.Usage($"Option '--url' must be the app's http:// or https:// base URL, not '{url}'.");
        }

        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            // A code=... query or user:password@ would be a key in the URL; only the host is echoed.
            throw CliException.Usage($"Option '--url' must be the app's base URL without user info, query or fragment (give the key with --key or EDGEFLOWS_KEY); the host was {uri.Host}.");
        }

        if (key is not null && (key.Length == 0 || key.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            throw CliException.Usage("Option '--key' (or EDGEFLOWS_KEY) must be a non-empty key without spaces or control characters.");
        }

        var baseAddress = uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        return new RemoteEndpoint(baseAddress, key, requestTimeout);
    }

    /// <inheritdoc />
    public override string ToString() => BaseAddress.GetLeftPart(UriPartial.Path);
}
