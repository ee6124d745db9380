// The account name and key behind Shared Key signing and service SAS generation. The key is
// held only as bytes and is never part of ToString, exceptions or logs.
using System.Security.Cryptography;
using System.Text;

namespace EdgeFlows.Activities.Storage;

/// <summary>A storage account name and one of its access keys.</summary>
public sealed class StorageSharedKeyCredential
{
    private readonly byte[] _key;

    /// <summary>Creates a credential from an account name and its base64 access key.</summary>
    /// <exception cref="ArgumentException">The name is empty or the key is not base64; the
    /// message never contains the key.</exception>
    public StorageSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            // The inner FormatException is left out on purpose: nothing of the key travels on.
            throw new ArgumentException("The account key is not valid base64.", nameof(accountKey));
        }
    }

    /// <summary>The storage account name, e.g. <c>devstoreaccount1</c>.</summary>
    public string AccountName { get; }

    /// <summary>Base64 HMAC-SHA256 of <paramref name="stringToSign"/> (UTF-8) with the key.</summary>
    internal string ComputeHmacSha256(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    /// <inheritdoc />
    public override string ToString() => $"SharedKey({AccountName})";
}
