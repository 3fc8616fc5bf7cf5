using System.Text.Encodings.Web;
using System.Text.Json;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Validation;

/// <summary>
/// The machine-readable findings (<c>fp validate --json</c>):
/// <c>{"file","valid","errors":[{"code","severity","sheet","cell","message","expected","actual"}],"warnings":[…]}</c>;
/// a finding about the prose adds <c>"prose":{"section","quote","mark","markStart","tableCells":[…]}</c>.
/// Chinese and arithmetic (“+”) stay readable: the output is JSON for tools and people, never embedded in HTML.
/// </summary>
public static class FindingsJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
    };

    public static string Serialize(string fileName, ValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Serialize(fileName, result.Errors, result.Warnings);
    }

    public static string Serialize(FileProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Serialize(problem.FileName, [Finding.FromFileProblem(problem)], []);
    }

    public static string Serialize(string fileName, IReadOnlyList<Finding> errors, IReadOnlyList<Finding> warnings)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("file", fileName);
            writer.WriteBoolean("valid", errors.Count == 0);
            WriteFindings(writer, "errors", errors);
            WriteFindings(writer, "warnings", warnings);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The warnings of a findings JSON as findings again (code, location, message, expected, actual), for a host to print.</summary>
    public static IReadOnlyList<Finding> ReadWarnings(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("warnings", out var warnings) || warnings.ValueKind != JsonValueKind.Array) return [];
        return warnings.EnumerateArray().Select(w => new Finding(Text(w, "code") ?? "", Severity.Warning, Text(w, "sheet") ?? "", Text(w, "cell") ?? "",
            Text(w, "message") ?? "", Text(w, "expected"), Text(w, "actual"))).ToArray();

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    public static string SeverityName(Severity severity) => severity == Severity.Error ? "error" : "warning";

    private static void WriteFindings(Utf8JsonWriter writer, string name, IReadOnlyList<Finding> findings)
    {
        writer.WriteStartArray(name);
        foreach (var f in findings)
        {
            writer.WriteStartObject();
            writer.WriteString("code", f.Code);
            writer.WriteString("severity", SeverityName(f.Severity));
            writer.WriteString("sheet", f.Sheet);
            writer.WriteString("cell", f.Cell);
            writer.WriteString("message", f.Message);
            writer.WriteString("expected", f.Expected);
            writer.WriteString("actual", f.Actual);
            if (f.Quote is { } quote)
            {
                writer.WriteStartObject("prose");
                writer.WriteString("section", quote.Section);
                writer.WriteString("quote", quote.Text);
                writer.WriteString("mark", quote.Mark);
                writer.WriteNumber("markStart", quote.MarkStart);
                writer.WriteStartArray("tableCells");
                foreach (var cell in quote.TableCells) writer.WriteStringValue(cell);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
