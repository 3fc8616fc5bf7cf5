using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Validation.Prose;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Validation;

/// <summary>
/// Checks a parsed workbook against the national format and turns it into the typed report.
/// Every finding is collected in one pass (a clerk fixes everything at once); nothing is coerced.
/// </summary>
public static class ReportValidator
{
    /// <summary>
    /// 机关名称 at most this many characters (<c>TEXT_TOO_LONG</c>): the longest real names are about 40; a name must fit a
    /// withdrawal request (<c>WithdrawalRequest.MaxBodyLength</c>), the listings and the search index (which holds this much).
    /// </summary>
    public const int MaxBodyLength = 100;

    public static ValidationResult Validate(ParsedWorkbook workbook, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        ArgumentNullException.ThrowIfNull(context);
        var errors = new List<Finding>();
        var warnings = new List<Finding>();

        // The superseded 2019 template has different tables: its cells would only produce noise.
        if (workbook.LooksLike2019TrialFormat)
        {
            var at = workbook.TrialFormatMarkerAt;
            errors.Add(new Finding(FindingCodes.TrialFormat2019, Severity.Error, at?.Sheet ?? "", at?.Address ?? "",
                $"{(at is null ? "" : $"{at}：")}这是2019年试行的旧版年度报告格式（含“本年新制作数量”等栏目），" +
                "请改用国办公开办函〔2021〕30号规定的现行格式模板重新填写"));
            return new ValidationResult(FindingOrder.Sort(errors, workbook), warnings, null);
        }

        foreach (var field in ReportFields.All.Where(f => !f.IsOptional && workbook[f.Id] is null))
        {
            errors.Add(new Finding(FindingCodes.FieldNotFound, Severity.Error, "", "",
                $"找不到“{field.Description}”一栏，请使用现行年度报告模板，不要删除、合并或改写模板中的标签"));
        }

        var read = new FieldReader(workbook, errors);
        var body = read.Text(ReportFields.Body, required: true, MaxBodyLength);
        var year = read.Year(ReportFields.Year, context.PublishedLocalDate.Year);
        var address = read.Text(ReportFields.Address, required: true);
        var postcode = read.Text(ReportFields.Postcode, required: true);
        var phone = read.Text(ReportFields.Phone, required: true);
        var website = read.Text(ReportFields.Website, required: true);
        var creditCode = read.CreditCode(ReportFields.CreditCode);
        var preface = read.Prose(ReportFields.Preface, required: false);
        var overview = read.Prose(ReportFields.Overview, required: true);
        var problems = read.Prose(ReportFields.Problems, required: true);
        var other = read.Prose(ReportFields.Other, required: true);

        var tableACounts = new Dictionary<string, int?>();
        var tableA = ReadTableA(read, tableACounts, out var fee);
        var tableB = new ConsistencyRules.TableBValues();
        foreach (var row in Enum.GetValues<TableBRow>())
        {
            foreach (var column in Enum.GetValues<ApplicantColumn>())
            {
                tableB[row, column] = read.Count(ReportFields.TableB(row, column));
            }
        }
        var tableC = new Dictionary<(ReviewGroup, ReviewOutcome), int?>();
        foreach (var group in Enum.GetValues<ReviewGroup>())
        {
            foreach (var outcome in Enum.GetValues<ReviewOutcome>())
            {
                tableC[(group, outcome)] = read.Count(ReportFields.TableC(group, outcome));
            }
        }
        ConsistencyRules.CheckTableB(workbook, tableB, errors);
        ConsistencyRules.CheckTableC(workbook, tableC, errors);

        // The prose against the tables, and what sections 一, 五 and 六 must (not) say.
        var tables = new TableFigures(workbook, tableB, tableC, tableACounts,
            errors.Select(e => (e.Sheet, e.Cell)).ToHashSet());
        var overviewField = overview is null ? null : new ProseField(workbook[ReportFields.Overview], NationalFormat.Section1, overview);
        var problemsField = problems is null ? null : new ProseField(workbook[ReportFields.Problems], NationalFormat.Section5, problems);
        var otherField = other is null ? null : new ProseField(workbook[ReportFields.Other], NationalFormat.Section6, other);
        var prefaceField = preface is null ? null : new ProseField(workbook[ReportFields.Preface], NationalFormat.Labels.Preface, preface);
        if (problemsField is not null && ProseRules.ProblemsNotDescribed(problemsField) is { } empty) errors.Add(empty);
        if (year is { } proseYear)
        {
            foreach (var field in new[] { overviewField, problemsField, otherField })
            {
                if (field is not null) ProseFigures.Check(field, proseYear, tables, errors);
            }
            if (otherField is not null && ProseRules.FeeNoticeContradicted(otherField, proseYear, tables,
                    workbook[ReportFields.TableB(TableBRow.OtherUnpaidFee, ApplicantColumn.Total)]?.At) is { } notice)
            {
                errors.Add(notice);
            }
        }

        // Warnings are worked out whenever their inputs are readable, so a clerk sees them with the errors.
        if (otherField is not null && ProseRules.ProcessingFeeNotMentioned(otherField) is { } noFee) warnings.Add(noFee);
        if (body is not null)
        {
            var places = new BodyPlaces(body);
            foreach (var field in new[] { prefaceField, overviewField, problemsField, otherField })
            {
                if (field is not null) ProseRules.OtherGovernments(field, places, warnings);
            }
        }
        if (year is { } reportYear)
        {
            if (Warnings.Late(workbook[ReportFields.Year], reportYear, context) is { } late) warnings.Add(late);
            if (overviewField is not null && ProseRules.OverviewYearMismatch(overviewField, reportYear) is { } wrongYear) warnings.Add(wrongYear);
            if (context.Previous is { } lastYear && lastYear.Year == reportYear - 1)
            {
                PreviousYearRules.CarriedOver(workbook, tables, lastYear, warnings);
                PreviousYearRules.InForce(workbook, tableACounts, lastYear, warnings);
                PreviousYearRules.Jumps(workbook, tableACounts, fee, tables, tableC, lastYear, warnings);
            }
            if (context.Previous is { } previous && previous.Year < reportYear)
            {
                var minLength = context.EffectiveOptions.MinCopiedParagraphLength;
                foreach (var (fieldId, heading, current, earlier) in new[]
                {
                    (ReportFields.Overview, NationalFormat.Section1, overview, previous.Overview),
                    (ReportFields.Problems, NationalFormat.Section5, problems, previous.Problems),
                    (ReportFields.Other, NationalFormat.Section6, other, previous.OtherMatters),
                })
                {
                    if (current is not null
                        && Warnings.CopiedProse(workbook[fieldId], heading, current, earlier, previous.Year, minLength) is { } copied)
                    {
                        warnings.Add(copied);
                    }
                }
                var texts = new[] { overview, problems, other }.OfType<ProseSection>().ToList();
                if (PreviousYearRules.MostlyRepeated(workbook[ReportFields.Overview], texts, previous) is { } repeated) warnings.Add(repeated);
            }
        }

        AnnualReport? report = null;
        if (errors.Count == 0)
        {
            // No errors means every field was present and readable, so none of these is null.
            report = new AnnualReport(
                body!, year!.Value,
                new ContactDetails(address!, postcode!, phone!, website!),
                preface!, overview!,
                tableA!,
                TableB.Create((row, column) => tableB[row, column]!.Value),
                new TableC(Review(tableC, ReviewGroup.AdministrativeReview), Review(tableC, ReviewGroup.LitigationWithoutReview),
                    Review(tableC, ReviewGroup.LitigationAfterReview)),
                problems!, other!)
            {
                CreditCode = creditCode,
            };
        }
        return new ValidationResult(FindingOrder.Sort(errors, workbook), FindingOrder.Sort(warnings, workbook), report);
    }

    /// <summary>Converts a parse outcome: a file problem becomes one error, a workbook is validated.</summary>
    public static ValidationResult Validate(ParseResult parsed, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return parsed.Workbook is { } workbook
            ? Validate(workbook, context)
            : ValidationResult.FromFileProblem(parsed.Problem!);
    }

    /// <summary>Table A; <paramref name="counts"/> gets every count as read (null = invalid), for the rules that use single cells.</summary>
    private static TableA? ReadTableA(FieldReader read, Dictionary<string, int?> counts, out decimal? fee)
    {
        int? Count(string item, string column) => counts[ReportFields.TableA(item, column)] = read.Count(ReportFields.TableA(item, column));
        DocumentCounts? Documents(string item) =>
            (Count(item, ReportFields.IssuedColumn), Count(item, ReportFields.RepealedColumn), Count(item, ReportFields.InForceColumn))
                is ({ } issued, { } repealed, { } inForce)
                ? new DocumentCounts(issued, repealed, inForce)
                : null;

        var rules = Documents(ReportFields.RulesItem);
        var normative = Documents(ReportFields.NormativeItem);
        var licensing = Count(ReportFields.LicensingItem, ReportFields.DecisionsColumn);
        var penalty = Count(ReportFields.PenaltyItem, ReportFields.DecisionsColumn);
        var enforcement = Count(ReportFields.EnforcementItem, ReportFields.DecisionsColumn);
        fee = read.Fee(ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn));
        return (rules, normative, licensing, penalty, enforcement, fee) is ({ } r, { } n, { } l, { } p, { } e, { } f)
            ? new TableA(r, n, l, p, e, f)
            : null;
    }

    private static ReviewCounts Review(Dictionary<(ReviewGroup, ReviewOutcome), int?> c, ReviewGroup group) =>
        new(c[(group, ReviewOutcome.Upheld)]!.Value, c[(group, ReviewOutcome.Corrected)]!.Value, c[(group, ReviewOutcome.Other)]!.Value,
            c[(group, ReviewOutcome.Pending)]!.Value, c[(group, ReviewOutcome.Total)]!.Value);
}
