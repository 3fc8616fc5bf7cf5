using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace FunctionsPipeline.Core.Registry;

/// <summary>The loaded register as stored (<c>registry/register.json</c>): camelCase, Chinese readable, deadlines as <c>MM-DD</c>.</summary>
public static class RegisterJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new MonthDayConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static byte[] Serialize(BodyRegister register) => JsonSerializer.SerializeToUtf8Bytes(register, Options);

    public static BodyRegister Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<BodyRegister>(utf8Json, Options) ?? throw new JsonException("register.json holds null");

    private sealed class MonthDayConverter : JsonConverter<MonthDay>
    {
        public override MonthDay Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            MonthDay.Parse(reader.GetString() ?? "") ?? throw new JsonException("expected MM-DD");

        public override void Write(Utf8JsonWriter writer, MonthDay value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
