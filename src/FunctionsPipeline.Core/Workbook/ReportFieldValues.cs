using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Workbook;

/// <summary>
/// An <see cref="AnnualReport"/> as field id → value, the way a clerk would type it into the
/// template: text as string, prose as one string with a line per block, year and counts as int,
/// the fee as decimal. Totals are included (they are what the report holds).
/// </summary>
public static class ReportFieldValues
{
    public static IReadOnlyDictionary<string, object?> From(AnnualReport report)
    {
        var values = new Dictionary<string, object?>
        {
            [ReportFields.Body] = report.Body,
            [ReportFields.Year] = report.Year,
            [ReportFields.Address] = report.Contact.Address,
            [ReportFields.Postcode] = report.Contact.Postcode,
            [ReportFields.Phone] = report.Contact.Phone,
            [ReportFields.Website] = report.Contact.Website,
            [ReportFields.CreditCode] = report.CreditCode,
            [ReportFields.Preface] = report.Preface.ToText(),
            [ReportFields.Overview] = report.Overview.ToText(),
            [ReportFields.Problems] = report.Problems.ToText(),
            [ReportFields.Other] = report.OtherMatters.ToText(),
        };

        var a = report.ActiveDisclosure;
        foreach (var (item, counts) in new[] { (ReportFields.RulesItem, a.Rules), (ReportFields.NormativeItem, a.NormativeDocuments) })
        {
            values[ReportFields.TableA(item, ReportFields.IssuedColumn)] = counts.Issued;
            values[ReportFields.TableA(item, ReportFields.RepealedColumn)] = counts.Repealed;
            values[ReportFields.TableA(item, ReportFields.InForceColumn)] = counts.InForce;
        }
        values[ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn)] = a.LicensingDecisions;
        values[ReportFields.TableA(ReportFields.PenaltyItem, ReportFields.DecisionsColumn)] = a.PenaltyDecisions;
        values[ReportFields.TableA(ReportFields.EnforcementItem, ReportFields.DecisionsColumn)] = a.EnforcementDecisions;
        values[ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn)] = a.FeesTenThousandYuan;

        foreach (var row in Enum.GetValues<TableBRow>())
        {
            foreach (var column in Enum.GetValues<ApplicantColumn>())
            {
                values[ReportFields.TableB(row, column)] = report.Applications[row, column];
            }
        }
        foreach (var group in Enum.GetValues<ReviewGroup>())
        {
            foreach (var outcome in Enum.GetValues<ReviewOutcome>())
            {
                values[ReportFields.TableC(group, outcome)] = report.ReviewsAndLitigation[group][outcome];
            }
        }
        return values;
    }
}
