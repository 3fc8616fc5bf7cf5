using System.Globalization;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Publishing.OpenData;

/// <summary>
/// One figure of the national format's tables as the open data has it: the stable cell code (the field id of
/// <see cref="ReportFields"/>, e.g. <c>B.NewlyReceived.NaturalPerson</c>), the table (its section heading), row and
/// column labels of <see cref="NationalFormat"/>, the field's Chinese description and its unit (件, or 万元 for the fee).
/// </summary>
internal sealed record DataCell(string Code, string Table, string Row, string Column, string Label, FieldKind Kind)
{
    public string Unit => Kind == FieldKind.Money ? "万元" : "件";
}

/// <summary>Every figure of the three tables (二、三、四), in the national format's order, and a report's values for them.</summary>
internal static class DataCells
{
    public static readonly IReadOnlyList<DataCell> All = Build();

    /// <summary>Each cell with its value as text (counts as integers, the fee without trailing zeros), in <see cref="All"/>'s order.</summary>
    public static IEnumerable<(DataCell Cell, string Value)> Values(AnnualReport report)
    {
        var values = ReportFieldValues.From(report);
        foreach (var cell in All) yield return (cell, Format(values[cell.Code]));
    }

    public static string Format(object? value) => value switch
    {
        int i => i.ToString(CultureInfo.InvariantCulture),
        // Dividing by 1 with 28 zero decimals drops the trailing zeros of the scale, as report.json writes it.
        decimal d => (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"not a figure: {value}"),
    };

    private static List<DataCell> Build()
    {
        var list = new List<DataCell>();
        void Add(string code, string table, string row, string column) =>
            list.Add(new DataCell(code, table, row, column, ReportFields.Get(code).Description, ReportFields.Get(code).Kind));

        foreach (var (item, label) in new[] { (ReportFields.RulesItem, NationalFormat.Rules), (ReportFields.NormativeItem, NationalFormat.NormativeDocuments) })
        {
            Add(ReportFields.TableA(item, ReportFields.IssuedColumn), NationalFormat.Section2, label, NationalFormat.Issued);
            Add(ReportFields.TableA(item, ReportFields.RepealedColumn), NationalFormat.Section2, label, NationalFormat.Repealed);
            Add(ReportFields.TableA(item, ReportFields.InForceColumn), NationalFormat.Section2, label, NationalFormat.InForce);
        }
        Add(ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn), NationalFormat.Section2, NationalFormat.Licensing, NationalFormat.Decisions);
        Add(ReportFields.TableA(ReportFields.PenaltyItem, ReportFields.DecisionsColumn), NationalFormat.Section2, NationalFormat.Penalty, NationalFormat.Decisions);
        Add(ReportFields.TableA(ReportFields.EnforcementItem, ReportFields.DecisionsColumn), NationalFormat.Section2, NationalFormat.Enforcement, NationalFormat.Decisions);
        Add(ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn), NationalFormat.Section2, NationalFormat.Fees, NationalFormat.FeeAmount);

        foreach (var row in NationalFormat.TableBRows)
        {
            foreach (var column in NationalFormat.ApplicantColumns)
            {
                Add(ReportFields.TableB(row.Row, column.Column), NationalFormat.Section3,
                    row.Group is null ? row.Label : $"{row.Group}{row.Label}",
                    column.IsLegalPerson ? $"{NationalFormat.LegalPersonsHeader}/{column.Label}" : column.Label);
            }
        }
        foreach (var group in NationalFormat.ReviewGroups)
        {
            var row = group.Group == ReviewGroup.AdministrativeReview ? group.Label : $"{NationalFormat.LitigationHeader}/{group.Label}";
            foreach (var outcome in Enum.GetValues<ReviewOutcome>())
            {
                Add(ReportFields.TableC(group.Group, outcome), NationalFormat.Section4, row, NationalFormat.ReviewOutcomeLabels[(int)outcome]);
            }
        }
        return list;
    }
}
