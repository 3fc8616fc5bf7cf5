using System.Text.Json;
using System.Text.Json.Serialization;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing.Site;

namespace FunctionsPipeline.Core.Publishing.Storage;

/// <summary>A catalogue page's name in a record; a site written before pages split stored its number (0-based), read as the name.</summary>
internal sealed class PageNameJsonConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? SiteLayout.PageName(reader.GetInt32()) : reader.GetString() ?? throw new JsonException("page name is null");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>A list of page names, each read as <see cref="PageNameJsonConverter"/> does.</summary>
internal sealed class PageNamesJsonConverter : JsonConverter<ValueList<string>>
{
    private static readonly PageNameJsonConverter Name = new();

    public override ValueList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("expected a list of pages");
        var pages = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) pages.Add(Name.Read(ref reader, typeof(string), options));
        return pages.ToValueList();
    }

    public override void Write(Utf8JsonWriter writer, ValueList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var page in value) writer.WriteStringValue(page);
        writer.WriteEndArray();
    }
}
