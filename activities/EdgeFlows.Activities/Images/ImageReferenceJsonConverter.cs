using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeFlows.Activities.Images;

/// <summary>
/// Writes an <see cref="ImageReference"/> as its string form and reads it back with
/// <see cref="ImageReference.Parse"/>, so references (and results holding them) can be
/// activity inputs and outputs, which the durable runtime stores as JSON.
/// </summary>
public sealed class ImageReferenceJsonConverter : JsonConverter<ImageReference>
{
    /// <inheritdoc />
    public override ImageReference? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"An image reference must be a JSON string such as \"registry.example/models/churn:7\", not {reader.TokenType}.");
        }

        try
        {
            return ImageReference.Parse(reader.GetString()!);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ImageReference value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.ToString());
    }
}
