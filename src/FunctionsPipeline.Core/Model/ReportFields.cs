namespace FunctionsPipeline.Core.Model;

public enum FieldKind { Text, Prose, Year, Count, Money }

/// <summary>
/// One input field of the report, with a stable id (e.g. <c>B.NewlyReceived.NaturalPerson</c>),
/// its kind and a Chinese description for messages (e.g. <c>三、…表 一、本年新收… / 自然人</c>).
/// </summary>
/// <see cref="IsOptional"/>: a workbook without the field's label is still complete (fields added after the national format).
public sealed record FieldDef(string Id, FieldKind Kind, string Description, bool IsComputedTotal = false, bool IsOptional = false);

/// <summary>The catalogue of every input field of the workbook, built from <see cref="NationalFormat"/>.</summary>
public static class ReportFields
{
    public const string Body = "info.body";
    public const string Year = "info.year";
    public const string Address = "info.address";
    public const string Postcode = "info.postcode";
    public const string Phone = "info.phone";
    public const string Website = "info.website";
    public const string CreditCode = "info.creditCode";
    public const string Preface = "prose.preface";
    public const string Overview = "prose.overview";
    public const string Problems = "prose.problems";
    public const string Other = "prose.other";

    public static string TableA(string item, string column) => $"A.{item}.{column}";
    public static string TableB(TableBRow row, ApplicantColumn column) => $"B.{row}.{column}";
    public static string TableC(ReviewGroup group, ReviewOutcome outcome) => $"C.{group}.{outcome}";

    // Table A item/column keys.
    public const string RulesItem = "Rules", NormativeItem = "NormativeDocuments", LicensingItem = "Licensing",
        PenaltyItem = "Penalty", EnforcementItem = "Enforcement", FeesItem = "Fees";
    public const string IssuedColumn = "Issued", RepealedColumn = "Repealed", InForceColumn = "InForce",
        DecisionsColumn = "Decisions", AmountColumn = "Amount";

    public static readonly IReadOnlyList<FieldDef> All = Build();

    private static readonly Dictionary<string, FieldDef> ById = All.ToDictionary(f => f.Id);

    public static FieldDef Get(string id) => ById[id];

    private static List<FieldDef> Build()
    {
        var list = new List<FieldDef>
        {
            new(Body, FieldKind.Text, NationalFormat.Labels.Body),
            new(Year, FieldKind.Year, NationalFormat.Labels.Year),
            new(Address, FieldKind.Text, NationalFormat.Labels.Address),
            new(Postcode, FieldKind.Text, NationalFormat.Labels.Postcode),
            new(Phone, FieldKind.Text, NationalFormat.Labels.Phone),
            new(Website, FieldKind.Text, NationalFormat.Labels.Website),
            new(CreditCode, FieldKind.Text, NationalFormat.Labels.CreditCode, IsOptional: true),
            new(Preface, FieldKind.Prose, NationalFormat.Labels.Preface),
            new(Overview, FieldKind.Prose, NationalFormat.Labels.Overview),
            new(Problems, FieldKind.Prose, NationalFormat.Labels.Problems),
            new(Other, FieldKind.Prose, NationalFormat.Labels.Other),
        };
        foreach (var (item, label) in new[] { (RulesItem, NationalFormat.Rules), (NormativeItem, NationalFormat.NormativeDocuments) })
        {
            list.Add(new(TableA(item, IssuedColumn), FieldKind.Count, $"{label} / {NationalFormat.Issued}"));
            list.Add(new(TableA(item, RepealedColumn), FieldKind.Count, $"{label} / {NationalFormat.Repealed}"));
            list.Add(new(TableA(item, InForceColumn), FieldKind.Count, $"{label} / {NationalFormat.InForce}"));
        }
        list.Add(new(TableA(LicensingItem, DecisionsColumn), FieldKind.Count, $"{NationalFormat.Licensing} / {NationalFormat.Decisions}"));
        list.Add(new(TableA(PenaltyItem, DecisionsColumn), FieldKind.Count, $"{NationalFormat.Penalty} / {NationalFormat.Decisions}"));
        list.Add(new(TableA(EnforcementItem, DecisionsColumn), FieldKind.Count, $"{NationalFormat.Enforcement} / {NationalFormat.Decisions}"));
        list.Add(new(TableA(FeesItem, AmountColumn), FieldKind.Money, $"{NationalFormat.Fees} / {NationalFormat.FeeAmount}"));

        foreach (var row in NationalFormat.TableBRows)
        {
            foreach (var column in NationalFormat.ApplicantColumns)
            {
                var rowLabel = row.Group is null ? row.Label : $"{row.Group}{row.Label}";
                list.Add(new(TableB(row.Row, column.Column), FieldKind.Count, $"{rowLabel} / {column.Label}",
                    IsComputedTotal: row.Kind == TableBRowKind.ResultsTotal || column.Column == ApplicantColumn.Total));
            }
        }
        foreach (var group in NationalFormat.ReviewGroups)
        {
            foreach (var outcome in Enum.GetValues<ReviewOutcome>())
            {
                list.Add(new(TableC(group.Group, outcome), FieldKind.Count,
                    $"{group.Label} / {NationalFormat.ReviewOutcomeLabels[(int)outcome]}",
                    IsComputedTotal: outcome == ReviewOutcome.Total));
            }
        }
        return list;
    }
}
