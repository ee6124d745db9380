using System.Text;

namespace EdgeFlows.Activities.Storage;

/// <summary>
/// Permissions of a generated service SAS. A training job gets <see cref="Read"/> for its
/// inputs and <see cref="Create"/> | <see cref="Write"/> ("cw") for its outputs, never both.
/// </summary>
[Flags]
public enum BlobSasPermissions
{
    /// <summary>No permission; not valid for a SAS.</summary>
    None = 0,

    /// <summary>r: read content, properties and metadata.</summary>
    Read = 1,

    /// <summary>a: add a block to an append blob.</summary>
    Add = 2,

    /// <summary>c: create a new blob.</summary>
    Create = 4,

    /// <summary>w: write content, blocks, properties and metadata.</summary>
    Write = 8,

    /// <summary>d: delete.</summary>
    Delete = 16,

    /// <summary>l: list blobs (container SAS only).</summary>
    List = 32,
}

/// <summary>Renders <see cref="BlobSasPermissions"/> in the order the service requires ("racwdl").</summary>
internal static class BlobSasPermissionsFormat
{
    private static readonly (BlobSasPermissions Flag, char Letter)[] Order =
    [
        (BlobSasPermissions.Read, 'r'), (BlobSasPermissions.Add, 'a'), (BlobSasPermissions.Create, 'c'),
        (BlobSasPermissions.Write, 'w'), (BlobSasPermissions.Delete, 'd'), (BlobSasPermissions.List, 'l'),
    ];

    public static string ToSasString(this BlobSasPermissions permissions)
    {
        var builder = new StringBuilder(Order.Length);
        foreach (var (flag, letter) in Order)
        {
            if (permissions.HasFlag(flag))
            {
                builder.Append(letter);
            }
        }

        return builder.ToString();
    }
}
