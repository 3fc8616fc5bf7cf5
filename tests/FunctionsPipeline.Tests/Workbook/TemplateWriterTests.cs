using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Tests.Workbook;

public sealed class TemplateWriterTests
{
    private static byte[] Write(AnnualReport? report = null)
    {
        using var stream = new MemoryStream();
        TemplateWriter.Write(stream, report);
        return stream.ToArray();
    }

    private static List<ValidationErrorInfo> Validate(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        return new OpenXmlValidator().Validate(document).ToList();
    }

    [Fact]
    public void The_blank_template_passes_the_OpenXml_validator()
    {
        var errors = Validate(Write());
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path?.XPath}: {e.Description}")));
    }

    [Fact]
    public void Filled_templates_pass_the_OpenXml_validator()
    {
        foreach (var report in new[] { SampleReports.Seed, SampleReports.County })
        {
            var errors = Validate(Write(report));
            Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path?.XPath}: {e.Description}")));
        }
    }

    [Fact]
    public void A_template_with_odd_values_in_input_cells_still_passes_the_validator()
    {
        var bytes = WorkbookFactory.From(SampleReports.County)
            .Set(ReportFields.Year, "2024年")
            .Set(ReportFields.TableB(TableBRow.Granted, ApplicantColumn.NaturalPerson), " 7 ")
            .Set(ReportFields.TableB(TableBRow.Granted, ApplicantColumn.Total), 99)
            .Set(ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn), true)
            .Set(ReportFields.TableA(ReportFields.RulesItem, ReportFields.IssuedColumn), new DateTime(2024, 3, 1))
            .SetCachedTotal(ReportFields.TableC(ReviewGroup.AdministrativeReview, ReviewOutcome.Total), 42)
            .WithCell("二", "F3", "注：本表由办公室填写")
            .ToBytes();
        Assert.Empty(Validate(bytes));
    }

    [Fact]
    public void Sheets_are_named_for_the_sections_and_every_sheet_is_protected_with_frozen_headers()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(Write()), false);
        var workbookPart = document.WorkbookPart!;
        var sheets = workbookPart.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["基本信息", "一", "二", "三", "四", "五", "六"], sheets.Select(s => s.Name!.Value!));
        foreach (var sheet in sheets)
        {
            var worksheet = ((WorksheetPart)workbookPart.GetPartById(sheet.Id!)).Worksheet;
            Assert.True(worksheet.GetFirstChild<SheetProtection>()?.Sheet?.Value, $"sheet {sheet.Name} not protected");
            Assert.Equal(PaneStateValues.Frozen, worksheet.Descendants<Pane>().Single().State!.Value);
            Assert.All(worksheet.Descendants<Column>(), c => Assert.True(c.CustomWidth!.Value));
        }
    }

    [Fact]
    public void Only_input_cells_are_unlocked()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(Write()), false);
        var workbookPart = document.WorkbookPart!;
        var formats = workbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        bool Unlocked(Cell c) => formats[(int)(c.StyleIndex?.Value ?? 0)].Protection?.Locked?.Value == false;

        var inputAddresses = TemplateLayout.FieldCells
            .Where(f => !ReportFields.Get(f.Key).IsComputedTotal)
            .Select(f => f.Value.ToString()).ToHashSet();
        var unlocked = new HashSet<string>();
        foreach (var sheet in workbookPart.Workbook.Sheets!.Elements<Sheet>())
        {
            var worksheet = ((WorksheetPart)workbookPart.GetPartById(sheet.Id!)).Worksheet;
            foreach (var cell in worksheet.Descendants<Cell>().Where(Unlocked))
            {
                unlocked.Add($"{sheet.Name}!{cell.CellReference}");
            }
        }
        // Merged single-value cells of table A (B8:D8 …) carry the input style on their covered cells too.
        var coveredInputs = unlocked.Except(inputAddresses).ToList();
        Assert.All(coveredInputs, a => Assert.StartsWith("二!", a));
        Assert.Subset(unlocked, inputAddresses);
    }

    [Fact]
    public void Totals_are_sum_formulas_with_the_cached_sum_when_filled()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(Write(SampleReports.County)), false);
        var workbookPart = document.WorkbookPart!;
        var sheet = workbookPart.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "三");
        var worksheet = ((WorksheetPart)workbookPart.GetPartById(sheet.Id!)).Worksheet;
        var location = TemplateLayout.FieldCells[ReportFields.TableB(TableBRow.ResultsTotal, ApplicantColumn.Total)];
        var cell = worksheet.Descendants<Cell>().Single(c => c.CellReference == location.Address);
        Assert.StartsWith("SUM(", cell.CellFormula!.Text);
        Assert.Equal(SampleReports.County.Applications[TableBRow.ResultsTotal, ApplicantColumn.Total].ToString(), cell.CellValue!.Text);
    }

    [Fact]
    public void Counts_fee_and_year_cells_carry_data_validation_with_Chinese_messages()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(Write()), false);
        var workbookPart = document.WorkbookPart!;
        var rules = workbookPart.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<DataValidation>()).ToList();
        var whole = rules.Where(r => r.Type?.Value == DataValidationValues.Whole).ToList();
        Assert.Contains(whole, r => r.Operator?.Value == DataValidationOperatorValues.GreaterThanOrEqual && r.Formula1!.Text == "0");
        Assert.Contains(whole, r => r.Operator?.Value == DataValidationOperatorValues.Between);
        Assert.Contains(rules, r => r.Type?.Value == DataValidationValues.Decimal && r.Formula1!.Text == "0");
        Assert.All(rules, r => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", r.Prompt!.Value!));
        var countCells = rules.Where(r => r.Type?.Value == DataValidationValues.Whole && r.Operator?.Value == DataValidationOperatorValues.GreaterThanOrEqual)
            .SelectMany(r => r.SequenceOfReferences!.Items.Select(i => i.Value!)).Count();
        var countFields = ReportFields.All.Count(f => f.Kind == FieldKind.Count && !f.IsComputedTotal);
        Assert.Equal(countFields, countCells);
    }
}
