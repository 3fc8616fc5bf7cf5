using System.Globalization;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Summary;

/// <summary>One selected body as a summary workbook lists it: its 上传目录 and the version summed (null: not published then).</summary>
public sealed record SummedBody(string Name, string Folder, int? Version);

/// <summary>
/// What a summary workbook says it summed, read back from an upload (<see cref="ParsedWorkbook.Sheets"/>): the selection
/// (汇总说明's <see cref="SummaryWorkbook.SelectionLabel"/> row), the bodies with the versions used (汇总机关) and each summed
/// body's values (the 溯源 sheets, by cell id). Null from <see cref="Read"/> when the workbook carries no selection (typed by
/// hand, or the row removed); the bodies and values are then unknown too.
/// </summary>
public sealed class SummaryStamp
{
    private readonly Dictionary<string, SummedBody> _bodies;
    private readonly Dictionary<string, decimal[]> _values;

    private SummaryStamp(BodySelection selection, Dictionary<string, SummedBody> bodies, Dictionary<string, decimal[]> values)
    {
        Selection = selection;
        _bodies = bodies;
        _values = values;
    }

    public BodySelection Selection { get; }

    /// <summary>The listed bodies by 上传目录.</summary>
    public IReadOnlyDictionary<string, SummedBody> Bodies => _bodies;

    /// <summary>A summed body's values at the version used, aligned with <see cref="SummaryCells.All"/>; null when the trace lacks it.</summary>
    public IReadOnlyList<decimal>? ValuesOf(string folder) => _values.TryGetValue(folder, out var values) ? values : null;

    public static SummaryStamp? Read(ParsedWorkbook? workbook)
    {
        if (workbook is null || !workbook.Sheets.TryGetValue(SummaryWorkbook.NoteSheet, out var note)) return null;
        var row = note.FirstOrDefault(r => r.Length > 1 && Text(r[0]) == SummaryWorkbook.SelectionLabel);
        if (row is null || Text(row[1]) is not { Length: > 0 } words) return null;

        var bodies = new Dictionary<string, SummedBody>(StringComparer.Ordinal);
        foreach (var rows in Parts(workbook, SummaryWorkbook.BodiesSheet))
        {
            if (rows.Count == 0) continue;
            var header = rows[0];
            int Column(string label) => Array.FindIndex(header, v => Text(v) == label);
            var (name, folder, version) = (Column("机关"), Column("上传目录"), Column("版本"));
            if (name < 0 || folder < 0 || version < 0) continue;
            foreach (var r in rows.Skip(1))
            {
                if (At(r, folder) is not { Length: > 0 } f) continue;
                bodies.TryAdd(f, new SummedBody(At(r, name) ?? f, f, Number(r, version) is { } v && v >= 1 && v <= int.MaxValue && v == decimal.Truncate(v) ? (int)v : null));
            }
        }

        var values = new Dictionary<string, decimal[]>(StringComparer.Ordinal);
        foreach (var table in new[] { TemplateLayout.TableASheet, TemplateLayout.TableBSheet, TemplateLayout.TableCSheet })
        {
            foreach (var rows in Parts(workbook, SummaryWorkbook.TraceSheetPrefix + table))
            {
                if (rows.Count < 3) continue;
                // Row 1 holds the cell ids from column D; rows 4… a summed body each (机关, 上传目录, 版本, then its values).
                var cells = rows[0].Select((v, c) => (Id: Text(v), Column: c)).Where(x => x.Column >= 3 && x.Id is not null && SummaryCells.Has(x.Id)).ToList();
                foreach (var r in rows.Skip(3))
                {
                    if (At(r, 1) is not { Length: > 0 } folder) continue;
                    if (!values.TryGetValue(folder, out var summed)) values[folder] = summed = new decimal[SummaryCells.All.Count];
                    foreach (var (id, column) in cells) summed[SummaryCells.IndexOf(id!)] = Number(r, column) ?? 0m;
                }
            }
        }
        return new SummaryStamp(BodySelection.Parse(words), bodies, values);
    }

    /// <summary>The sheet and its continuations (汇总机关, 汇总机关（2）…), in order.</summary>
    private static IEnumerable<IReadOnlyList<object?[]>> Parts(ParsedWorkbook workbook, string name)
    {
        for (var i = 1; workbook.Sheets.TryGetValue(i == 1 ? name : $"{name}（{i}）", out var rows); i++) yield return rows;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s.Trim(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string? At(object?[] row, int column) => column < row.Length ? Text(row[column]) : null;

    private static decimal? Number(object?[] row, int column) => column < row.Length ? row[column] switch
    {
        // Anything beyond a report's range is not a summed value (a hand-edited trace must not throw): read as unknown.
        double d when double.IsFinite(d) && Math.Abs(d) <= 1e15 => Convert.ToDecimal(d, CultureInfo.InvariantCulture),
        string s when decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && Math.Abs(v) <= 1e15m => v,
        _ => null,
    } : null;
}
