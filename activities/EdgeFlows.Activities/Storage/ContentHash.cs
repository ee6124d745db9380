using System.Security.Cryptography;

namespace EdgeFlows.Activities.Storage;

/// <summary>
/// Content-MD5 values. MD5 here is the Blob protocol's transport integrity check (the
/// service verifies it and stores it), not a security measure, hence the suppression.
/// </summary>
internal static class ContentHash
{
#pragma warning disable CA5351 // MD5 is what Content-MD5 is defined as; it guards against corruption, not attackers.
    public static string MD5Base64(ReadOnlySpan<byte> data) => Convert.ToBase64String(MD5.HashData(data));

    public static IncrementalHash CreateIncrementalMD5() => IncrementalHash.CreateHash(HashAlgorithmName.MD5);
#pragma warning restore CA5351
}
