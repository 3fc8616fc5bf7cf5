using System.Globalization;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Summary;

/// <summary>
/// The table cells a summary sums: every count and the fee of tables 二, 三 and 四, by their stable ids
/// (<see cref="ReportFields"/>, e.g. <c>B.NewlyReceived.NaturalPerson</c>), in the catalogue's order. Totals are summed
/// too: a sum of totals is the total of the sums, so R1–R4 hold on the summary whenever they hold on its parts.
/// </summary>
public static class SummaryCells
{
    public static IReadOnlyList<FieldDef> All { get; } =
        ReportFields.All.Where(f => f.Kind is FieldKind.Count or FieldKind.Money).ToList();

    private static readonly Dictionary<string, int> IndexById = All.Select((f, i) => (f.Id, i)).ToDictionary(x => x.Id, x => x.i);

    public static int IndexOf(string id) => IndexById[id];

    public static bool Has(string id) => IndexById.ContainsKey(id);

    /// <summary>The template sheet a cell's table is on: 二, 三 or 四.</summary>
    public static string TableOf(FieldDef cell) => TemplateLayout.FieldCells[cell.Id].Sheet;

    /// <summary>A report's table cells, aligned with <see cref="All"/>.</summary>
    public static decimal[] ValuesOf(AnnualReport report)
    {
        var values = ReportFieldValues.From(report);
        var result = new decimal[All.Count];
        for (var i = 0; i < result.Length; i++) result[i] = Convert.ToDecimal(values[All[i].Id], CultureInfo.InvariantCulture);
        return result;
    }

    /// <summary>A cell's value as shown: counts as whole numbers, the fee with the scale it has (0.0125, 0.5125, 0.30).</summary>
    public static string Show(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One body's published report as summed: the version used (its manifest entry) and its table values.</summary>
public sealed record BodyContribution(RegisteredBody Body, ManifestEntry Entry, IReadOnlyList<decimal> Values);

/// <summary>
/// A region's summary (汇总) for one year: the sums of the current published (not withdrawn) versions of the selected
/// registered bodies, which bodies and versions went in (<see cref="Included"/>, register order) and which selected bodies
/// had nothing published (<see cref="Missing"/>). <see cref="Totals"/> is aligned with <see cref="SummaryCells.All"/>.
/// </summary>
public sealed record RegionSummary(
    int Year,
    BodySelection Selection,
    IReadOnlyList<RegisteredBody> LocalGovernments,
    IReadOnlyList<BodyContribution> Included,
    IReadOnlyList<RegisteredBody> Missing,
    IReadOnlyList<decimal> Totals,
    DateTimeOffset TakenAt,
    string RegisterFile,
    string RegisterSha256)
{
    /// <summary>The 本级政府 the summary is for: the register's one body of that type, or null when it has none or several.</summary>
    public RegisteredBody? LocalGovernment => LocalGovernments.Count == 1 ? LocalGovernments[0] : null;

    public decimal Total(string cellId) => Totals[SummaryCells.IndexOf(cellId)];

    /// <summary>
    /// Sums <paramref name="found"/> (one entry per selected body, in the same order: its live version and report, or null).
    /// Decimal throughout: counts exactly, the fee to the 分 with the largest scale of its inputs.
    /// </summary>
    public static RegionSummary Compute(int year, BodySelection selection, BodyRegister register, IReadOnlyList<RegisteredBody> selected,
        IReadOnlyList<(ManifestEntry Entry, AnnualReport Report)?> found, DateTimeOffset takenAt)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(selected);
        ArgumentNullException.ThrowIfNull(found);
        if (selected.Count != found.Count) throw new ArgumentException("one result per selected body", nameof(found));
        var totals = new decimal[SummaryCells.All.Count];
        var included = new List<BodyContribution>();
        var missing = new List<RegisteredBody>();
        for (var b = 0; b < selected.Count; b++)
        {
            if (found[b] is not { } live)
            {
                missing.Add(selected[b]);
                continue;
            }
            var values = SummaryCells.ValuesOf(live.Report);
            for (var i = 0; i < totals.Length; i++) totals[i] += values[i];
            included.Add(new BodyContribution(selected[b], live.Entry, values));
        }
        return new RegionSummary(year, selection, register.Bodies.Where(b => b.Type == BodyType.LocalGovernment).ToList(), included, missing,
            totals, takenAt, register.SourceFile, register.SourceSha256);
    }

    /// <summary>The sums as template values by field id: counts as whole numbers (long), the fee as decimal.</summary>
    public IReadOnlyDictionary<string, object?> TableValues()
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < SummaryCells.All.Count; i++)
        {
            var cell = SummaryCells.All[i];
            values[cell.Id] = cell.Kind == FieldKind.Money ? Totals[i] : (object)decimal.ToInt64(Totals[i]);
        }
        return values;
    }

    /// <summary>
    /// The summary as a report of <paramref name="body"/> with the given contact details and empty prose: what the office's
    /// workbook holds before it writes the prose. Counts beyond a report's range (int) throw <see cref="OverflowException"/>.
    /// </summary>
    public AnnualReport ToReport(string body, ContactDetails contact)
    {
        int Count(string id) => decimal.ToInt32(Total(id));
        string A(string item, string column) => ReportFields.TableA(item, column);
        var table = new TableA(
            new DocumentCounts(Count(A(ReportFields.RulesItem, ReportFields.IssuedColumn)), Count(A(ReportFields.RulesItem, ReportFields.RepealedColumn)),
                Count(A(ReportFields.RulesItem, ReportFields.InForceColumn))),
            new DocumentCounts(Count(A(ReportFields.NormativeItem, ReportFields.IssuedColumn)), Count(A(ReportFields.NormativeItem, ReportFields.RepealedColumn)),
                Count(A(ReportFields.NormativeItem, ReportFields.InForceColumn))),
            Count(A(ReportFields.LicensingItem, ReportFields.DecisionsColumn)),
            Count(A(ReportFields.PenaltyItem, ReportFields.DecisionsColumn)),
            Count(A(ReportFields.EnforcementItem, ReportFields.DecisionsColumn)),
            Total(A(ReportFields.FeesItem, ReportFields.AmountColumn)));
        ReviewCounts Review(ReviewGroup group) => new(
            Count(ReportFields.TableC(group, ReviewOutcome.Upheld)), Count(ReportFields.TableC(group, ReviewOutcome.Corrected)),
            Count(ReportFields.TableC(group, ReviewOutcome.Other)), Count(ReportFields.TableC(group, ReviewOutcome.Pending)),
            Count(ReportFields.TableC(group, ReviewOutcome.Total)));
        return new AnnualReport(body, Year, contact, ProseSection.Empty, ProseSection.Empty, table,
            TableB.Create((row, column) => Count(ReportFields.TableB(row, column))),
            new TableC(Review(ReviewGroup.AdministrativeReview), Review(ReviewGroup.LitigationWithoutReview), Review(ReviewGroup.LitigationAfterReview)),
            ProseSection.Empty, ProseSection.Empty);
    }
}
