using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Publishing;

/// <summary>Compares two versions of one body's report for a year, field by field, in the official order.</summary>
public static class ReportDiff
{
    public const string InfoSection = "基本信息";

    public static ReportChanges Compare(AnnualReport previous, AnnualReport current)
    {
        var before = Read(previous);
        var after = Read(current);
        var values = new List<ValueChange>();
        var sections = new List<string>();
        foreach (var field in ReportFields.All)
        {
            var old = before.GetValueOrDefault(field.Id, "");
            var now = after.GetValueOrDefault(field.Id, "");
            if (old == now) continue;
            if (field.Kind == FieldKind.Prose)
            {
                sections.Add(field.Description);
                continue;
            }
            values.Add(new ValueChange(field.Id, SectionOf(field.Id), LabelOf(field), old, now));
        }
        return new ReportChanges(values.ToValueList(), sections.ToValueList());
    }

    private static string SectionOf(string fieldId) => fieldId[..fieldId.IndexOf('.')] switch
    {
        "A" => NationalFormat.Section2,
        "B" => NationalFormat.Section3,
        "C" => NationalFormat.Section4,
        _ => InfoSection,
    };

    private static string LabelOf(FieldDef field) =>
        field.Id.StartsWith("C.Litigation", StringComparison.Ordinal)
            ? $"{NationalFormat.LitigationHeader} / {field.Description}"
            : field.Description;

    /// <summary>Every field of the report as display text, keyed by <see cref="ReportFields"/> id.</summary>
    public static IReadOnlyDictionary<string, string> Read(AnnualReport r)
    {
        var v = new Dictionary<string, string>
        {
            [ReportFields.Body] = r.Body,
            [ReportFields.Year] = ValueFormat.Count(r.Year),
            [ReportFields.Address] = r.Contact.Address,
            [ReportFields.Postcode] = r.Contact.Postcode,
            [ReportFields.Phone] = r.Contact.Phone,
            [ReportFields.Website] = r.Contact.Website,
            [ReportFields.CreditCode] = r.CreditCode ?? "",
            [ReportFields.Preface] = r.Preface.ToText(),
            [ReportFields.Overview] = r.Overview.ToText(),
            [ReportFields.Problems] = r.Problems.ToText(),
            [ReportFields.Other] = r.OtherMatters.ToText(),
        };
        var a = r.ActiveDisclosure;
        foreach (var (item, counts) in new[] { (ReportFields.RulesItem, a.Rules), (ReportFields.NormativeItem, a.NormativeDocuments) })
        {
            v[ReportFields.TableA(item, ReportFields.IssuedColumn)] = ValueFormat.Count(counts.Issued);
            v[ReportFields.TableA(item, ReportFields.RepealedColumn)] = ValueFormat.Count(counts.Repealed);
            v[ReportFields.TableA(item, ReportFields.InForceColumn)] = ValueFormat.Count(counts.InForce);
        }
        v[ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn)] = ValueFormat.Count(a.LicensingDecisions);
        v[ReportFields.TableA(ReportFields.PenaltyItem, ReportFields.DecisionsColumn)] = ValueFormat.Count(a.PenaltyDecisions);
        v[ReportFields.TableA(ReportFields.EnforcementItem, ReportFields.DecisionsColumn)] = ValueFormat.Count(a.EnforcementDecisions);
        v[ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn)] = ValueFormat.Money(a.FeesTenThousandYuan);
        foreach (var row in Enum.GetValues<TableBRow>())
        {
            foreach (var column in Enum.GetValues<ApplicantColumn>())
            {
                v[ReportFields.TableB(row, column)] = ValueFormat.Count(r.Applications[row, column]);
            }
        }
        foreach (var group in Enum.GetValues<ReviewGroup>())
        {
            foreach (var outcome in Enum.GetValues<ReviewOutcome>())
            {
                v[ReportFields.TableC(group, outcome)] = ValueFormat.Count(r.ReviewsAndLitigation[group][outcome]);
            }
        }
        return v;
    }
}
