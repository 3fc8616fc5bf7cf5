using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Publishing;

/// <summary>
/// The report data as stored with each version (report.json): lets a correction be diffed
/// against what was published and the validator compare with the previous year. The serialised
/// bytes are deterministic, so their SHA-256 is the content hash that decides "unchanged".
/// </summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            // Chinese stays readable; markup characters are still escaped.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new ValueListJsonConverterFactory());
        options.Converters.Add(new NormalizedDecimalJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static byte[] Serialize(AnnualReport report) => JsonSerializer.SerializeToUtf8Bytes(report, Options);

    public static AnnualReport Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<AnnualReport>(utf8Json, Options) ?? throw new JsonException("report.json holds null");

    public static string ContentHash(AnnualReport report) => Sha256.Hex(Serialize(report));
}

/// <summary>Reads and writes <see cref="ValueList{T}"/> as a plain JSON array.</summary>
public sealed class ValueListJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueList<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ValueListJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class ValueListJsonConverter<T> : JsonConverter<ValueList<T>>
    {
        public override ValueList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize<List<T>>(ref reader, options) ?? throw new JsonException("expected an array"));

        public override void Write(Utf8JsonWriter writer, ValueList<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, (IReadOnlyList<T>)value, options);
    }
}

/// <summary>Writes decimals without trailing zeros (12.50 → 12.5), so equal amounts always hash the same.</summary>
public sealed class NormalizedDecimalJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

    // Dividing by 1 with 28 zero decimals drops the trailing zeros of the scale.
    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value / 1.0000000000000000000000000000m);
}
