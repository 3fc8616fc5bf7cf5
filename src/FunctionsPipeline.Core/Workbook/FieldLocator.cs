using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Workbook;

/// <summary>
/// Finds every field of the national format by its label, wherever it sits: label/value pairs take
/// the nearest non-empty cell to the right of the label; table cells are where a row label's row
/// meets the nearest matching column header above it; table C's single row of numbers sits just
/// below its header block.
/// </summary>
internal sealed partial class FieldLocator
{
    private readonly IReadOnlyList<SheetGrid> _sheets;
    private readonly Dictionary<string, List<(int Sheet, int Row, int Column)>> _labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RawCell> _fields = new(StringComparer.Ordinal);

    public FieldLocator(IReadOnlyList<SheetGrid> sheets)
    {
        _sheets = sheets;
        for (var s = 0; s < sheets.Count; s++)
        {
            var rows = sheets[s].Rows;
            for (var r = 0; r < rows.Count; r++)
            {
                var row = rows[r];
                for (var c = 0; c < row.Length; c++)
                {
                    if (row[c] is string text && LabelText.Normalize(text) is { } key)
                    {
                        if (!_labels.TryGetValue(key, out var list)) _labels[key] = list = [];
                        list.Add((s, r, c));
                    }
                }
            }
        }
    }

    public CellLocation? TrialFormatMarkerAt { get; private set; }

    public IReadOnlyDictionary<string, RawCell> LocateAll()
    {
        LabelValue(ReportFields.Body, NationalFormat.Labels.Body);
        LabelValue(ReportFields.Year, NationalFormat.Labels.Year);
        LabelValue(ReportFields.Address, NationalFormat.Labels.Address);
        LabelValue(ReportFields.Postcode, NationalFormat.Labels.Postcode);
        LabelValue(ReportFields.Phone, NationalFormat.Labels.Phone);
        LabelValue(ReportFields.Website, NationalFormat.Labels.Website);
        LabelValue(ReportFields.CreditCode, NationalFormat.Labels.CreditCode);
        LabelValue(ReportFields.Preface, NationalFormat.Labels.Preface);
        LabelValue(ReportFields.Overview, NationalFormat.Labels.Overview);
        LabelValue(ReportFields.Problems, NationalFormat.Labels.Problems);
        LabelValue(ReportFields.Other, NationalFormat.Labels.Other);

        foreach (var (label, item) in new[] { (NationalFormat.Rules, ReportFields.RulesItem), (NationalFormat.NormativeDocuments, ReportFields.NormativeItem) })
        {
            TableCell(ReportFields.TableA(item, ReportFields.IssuedColumn), label, NationalFormat.Issued);
            TableCell(ReportFields.TableA(item, ReportFields.RepealedColumn), label, NationalFormat.Repealed);
            TableCell(ReportFields.TableA(item, ReportFields.InForceColumn), label, NationalFormat.InForce);
        }
        TableCell(ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn), NationalFormat.Licensing, NationalFormat.Decisions);
        TableCell(ReportFields.TableA(ReportFields.PenaltyItem, ReportFields.DecisionsColumn), NationalFormat.Penalty, NationalFormat.Decisions);
        TableCell(ReportFields.TableA(ReportFields.EnforcementItem, ReportFields.DecisionsColumn), NationalFormat.Enforcement, NationalFormat.Decisions);
        TableCell(ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn), NationalFormat.Fees, NationalFormat.FeeAmount);

        foreach (var row in NationalFormat.TableBRows)
        {
            foreach (var column in NationalFormat.ApplicantColumns)
            {
                TableCell(ReportFields.TableB(row.Row, column.Column), row.Label, column.Label);
            }
        }

        LocateTableC();
        FindTrialFormatMarker();
        return _fields;
    }

    /// <summary>Every label of the format: scanning right for a value stops at the next label (its own value is blank).</summary>
    private static readonly HashSet<string> KnownLabels = new[]
        {
            NationalFormat.Labels.Body, NationalFormat.Labels.Year, NationalFormat.Labels.Address, NationalFormat.Labels.Postcode,
            NationalFormat.Labels.Phone, NationalFormat.Labels.Website, NationalFormat.Labels.Preface, NationalFormat.Labels.Overview,
            NationalFormat.Labels.Problems, NationalFormat.Labels.Other, NationalFormat.Labels.CreditCode,
            NationalFormat.Section2, NationalFormat.Section3, NationalFormat.Section4,
        }
        .Select(l => LabelText.Normalize(l)!)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Label in one cell, value in the nearest non-empty cell to its right (blank: the cell just right of the label).</summary>
    private void LabelValue(string fieldId, string label)
    {
        var occurrences = Find(label);
        if (occurrences.Count == 0) return;
        foreach (var (s, r, c) in occurrences)
        {
            var sheet = _sheets[s];
            for (var col = c + 1; col < sheet.Width(r); col++)
            {
                var value = sheet.Get(r, col);
                if (value is string text && LabelText.Normalize(text) is { } key && KnownLabels.Contains(key)) break;
                if (!SheetGrid.IsBlank(value))
                {
                    _fields[fieldId] = new RawCell(sheet.Locate(r, col), value);
                    return;
                }
            }
        }
        var (fs, fr, fc) = occurrences[0];
        var first = _sheets[fs];
        var next = (first.MergeFrom(fr, fc)?.ToColumn ?? fc) + 1;
        _fields[fieldId] = new RawCell(first.Locate(fr, next), first.Get(fr, next));
    }

    /// <summary>Value where the row label's row meets the nearest header above it (to the label's right).</summary>
    private void TableCell(string fieldId, string rowLabel, string columnHeader)
    {
        var headers = Find(columnHeader);
        if (headers.Count == 0) return;
        foreach (var (s, r, c) in Find(rowLabel))
        {
            (int Row, int Column)? best = null;
            foreach (var (hs, hr, hc) in headers)
            {
                if (hs != s || hr >= r || hc <= c) continue;
                if (best is null || hr > best.Value.Row || (hr == best.Value.Row && hc < best.Value.Column)) best = (hr, hc);
            }
            if (best is { } header)
            {
                var sheet = _sheets[s];
                _fields[fieldId] = new RawCell(sheet.Locate(r, header.Column), sheet.Get(r, header.Column));
                return;
            }
        }
    }

    /// <summary>
    /// Table C has no row labels: each group header (行政复议, 未经复议直接起诉, 复议后起诉) has its five
    /// outcome headers below it, and the numbers are in the row after the lowest header row.
    /// </summary>
    private void LocateTableC()
    {
        var groups = new List<(ReviewGroup Group, int Sheet, (int Row, int Column)[] Outcomes)>();
        foreach (var group in NationalFormat.ReviewGroups)
        {
            foreach (var (s, r, c) in Find(group.Label))
            {
                var outcomes = new (int Row, int Column)[NationalFormat.ReviewOutcomeLabels.Count];
                var complete = true;
                var searchFrom = c;
                for (var o = 0; o < outcomes.Length && complete; o++)
                {
                    (int Row, int Column)? best = null;
                    foreach (var (hs, hr, hc) in Find(NationalFormat.ReviewOutcomeLabels[o]))
                    {
                        if (hs != s || hr <= r || hc < searchFrom) continue;
                        if (best is null || hr < best.Value.Row || (hr == best.Value.Row && hc < best.Value.Column)) best = (hr, hc);
                    }
                    if (best is null) complete = false;
                    else outcomes[o] = best.Value;
                }
                if (complete)
                {
                    groups.Add((group.Group, s, outcomes));
                    break;
                }
            }
        }

        foreach (var (group, s, outcomes) in groups)
        {
            var sheet = _sheets[s];
            var headerRow = outcomes.Min(o => o.Row);
            // The lowest header row of this table: merged headers end lower; the other groups' headers may sit a row lower.
            var bottom = groups.Where(g => g.Sheet == s)
                .SelectMany(g => g.Outcomes)
                .Where(o => Math.Abs(o.Row - headerRow) <= 2)
                .Max(o => sheet.MergeFrom(o.Row, o.Column)?.ToRow ?? o.Row);
            var dataRow = bottom + 1;
            for (var o = 0; o < outcomes.Length; o++)
            {
                var column = outcomes[o].Column;
                _fields[ReportFields.TableC(group, (ReviewOutcome)o)] = new RawCell(sheet.Locate(dataRow, column), sheet.Get(dataRow, column));
            }
        }
    }

    private void FindTrialFormatMarker()
    {
        var markers = NationalFormat.TrialFormat2019Markers.Select(m => LabelText.Normalize(m)!).ToArray();
        var places = _labels.Where(kv => markers.Any(m => kv.Key.Contains(m, StringComparison.Ordinal))).SelectMany(kv => kv.Value).ToList();
        if (places.Count == 0) return;
        var (s, r, c) = places.Min();
        TrialFormatMarkerAt = _sheets[s].Locate(r, c);
    }

    /// <summary>Occurrences of a label in reading order; long official labels also match without their trailing note in brackets.</summary>
    private List<(int Sheet, int Row, int Column)> Find(string label)
    {
        var key = LabelText.Normalize(label)!;
        var found = _labels.TryGetValue(key, out var exact) ? exact : [];
        var shortKey = TrailingNote().Replace(key, string.Empty);
        if (shortKey.Length > 0 && shortKey != key && _labels.TryGetValue(shortKey, out var shortened))
        {
            found = found.Concat(shortened).Order().ToList();
        }
        return found;
    }

    // "(区分处理的,只计这一情形,不计其他情形)" or "(单位:万元)" at the end of a label.
    [GeneratedRegex(@"\([^()]*\)$")]
    private static partial Regex TrailingNote();
}
