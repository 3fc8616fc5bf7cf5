using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.OpenData;
using FunctionsPipeline.Core.Publishing.Site;

namespace FunctionsPipeline.Tests.OpenData;

/// <summary>Reads the open data files back as a reader would: the CSV parsed by RFC 4180, the JSON as the site serves it.</summary>
internal static class OpenDataKit
{
    public static async Task<byte[]> BytesAsync(this BlobContainerClient container, string path) =>
        (await container.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToArray();

    public static async Task<JsonObject> YearJsonAsync(this BlobContainerClient container, int year) =>
        JsonNode.Parse(await container.BytesAsync(DataLayout.Json(year)))!.AsObject();

    /// <summary>The year's reports.json entries, each as stored.</summary>
    public static async Task<List<DataEntry>> EntriesAsync(this BlobContainerClient container, int year) =>
        (await container.YearJsonAsync(year))["reports"]!.AsArray().Select(e => e.Deserialize<DataEntry>(ReportJson.Options)!).ToList();

    /// <summary>The year's reports.csv: (has a BOM, rows including the header).</summary>
    public static async Task<(bool Bom, List<string[]> Rows)> CsvAsync(this BlobContainerClient container, int year)
    {
        var bytes = await container.BytesAsync(DataLayout.Csv(year));
        var bom = bytes.AsSpan().StartsWith(DataCsv.Bom);
        return (bom, Parse(Encoding.UTF8.GetString(bom ? bytes[3..] : bytes)));
    }

    /// <summary>RFC 4180 (quoted fields, doubled quotes, CRLF rows); a row not ended by CRLF is an error.</summary>
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0) throw new FormatException("the CSV's last row does not end in CRLF");
        return rows;
    }
}
