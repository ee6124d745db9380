// The start command's stdin: the spec with its SAS URLs, and the code files. It goes to the
// wrapper through a pipe (over ssh: the connection's stdin), never a command line, which any
// user on the target could read in ps.
using System.Buffers;
using System.Text.Json;

namespace EdgeFlows.Activities.Training.Wrapper;

internal static class JobEnvelope
{
    /// <summary>The version of this layout; the wrapper refuses another.</summary>
    public const int Protocol = 1;

    /// <summary>The envelope as UTF-8 JSON. The caller clears the buffer after sending it.</summary>
    /// <exception cref="ArgumentException">The code files are larger than <paramref name="maxCodeBytes"/>.</exception>
    public static async Task<byte[]> CreateAsync(TrainingJobSpec spec, long maxCodeBytes, CancellationToken cancellationToken)
    {
        var codeBytes = spec.CodeFiles.Sum(f => new FileInfo(f).Length);
        if (codeBytes > maxCodeBytes)
        {
            throw new ArgumentException($"Training job '{spec.JobId}': its code files take {codeBytes} bytes, more than the {maxCodeBytes} allowed (TrainingRunnerOptions.MaxCodeBytes).", nameof(spec));
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("protocol", Protocol);
            json.WriteStartObject("spec");
            json.WriteString("jobId", spec.JobId);
            WriteStrings(json, "command", spec.Command);
            WriteFiles(json, "inputs", spec.Inputs);
            WriteFiles(json, "outputs", spec.Outputs);
            json.WriteStartObject("environment");
            foreach (var (name, value) in spec.Environment)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteNumber("maxDurationSeconds", spec.MaxDuration.TotalSeconds);
            json.WriteNumber("cancelGraceSeconds", spec.CancelGracePeriod.TotalSeconds);
            json.WriteEndObject();
            json.WriteStartArray("codeFiles");
            foreach (var path in spec.CodeFiles)
            {
                json.WriteStartObject();
                json.WriteString("name", Path.GetFileName(path));
                json.WriteBase64String("base64", await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var bytes = buffer.WrittenSpan.ToArray();
        buffer.Clear();
        return bytes;
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteFiles(Utf8JsonWriter json, string name, IEnumerable<TrainingJobFile> files)
    {
        json.WriteStartArray(name);
        foreach (var file in files)
        {
            json.WriteStartObject();
            json.WriteString("name", file.Name);
            json.WriteString("url", file.Url.AbsoluteUri);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
