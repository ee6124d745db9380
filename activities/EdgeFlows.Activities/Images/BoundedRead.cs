namespace EdgeFlows.Activities.Images;

/// <summary>Reads a stream into memory without letting a hostile or broken server make it unbounded.</summary>
internal static class BoundedRead
{
    /// <summary>The stream's bytes, or null when there are more than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAllAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[Math.Min(81920, maxBytes + 1)];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (memory.Length + read > maxBytes)
            {
                return null;
            }

            memory.Write(buffer, 0, read);
        }

        return memory.ToArray();
    }
}
