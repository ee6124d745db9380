using System.Security.Cryptography;

namespace EdgeFlows.Activities.Images;

/// <summary>SHA-256 content digests in the <c>sha256:&lt;hex&gt;</c> form the OCI specs use.</summary>
internal static class OciDigest
{
    public const string Prefix = "sha256:";

    public static string Compute(ReadOnlySpan<byte> content) => Format(SHA256.HashData(content));

    public static string Format(ReadOnlySpan<byte> hash) => Prefix + Convert.ToHexStringLower(hash);

    /// <summary>The hex part, e.g. for a blob's file name in an image layout.</summary>
    public static string Hex(string digest) =>
        OciNames.DigestError(digest) is { } error ? throw new ArgumentException($"Invalid digest: {error}.", nameof(digest)) : digest[Prefix.Length..];

    public static void Validate(string digest, string paramName)
    {
        if (OciNames.DigestError(digest) is { } error)
        {
            throw new ArgumentException($"Invalid digest: {error}.", paramName);
        }
    }
}
