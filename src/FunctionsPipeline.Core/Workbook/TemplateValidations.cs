using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Workbook;

/// <summary>Excel data validation on the template's input cells, with Chinese prompts and error messages.</summary>
internal static class TemplateValidations
{
    public const int MinYear = 2020, MaxYear = 2100;

    public static DataValidations? Build(TemplateSheet layout)
    {
        var byKind = layout.Cells
            .Where(c => c.Kind == TemplateCellKind.Input)
            .GroupBy(c => ReportFields.Get(c.FieldId!).Kind)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Address).ToList());
        if (byKind.Count == 0) return null;

        var list = new DataValidations();
        foreach (var (kind, addresses) in byKind.OrderBy(k => k.Key))
        {
            list.Append(kind switch
            {
                FieldKind.Count => Rule(addresses, DataValidationValues.Whole, DataValidationOperatorValues.GreaterThanOrEqual, "0", null,
                    "件数", "请填写 0 或正整数。没有发生请填 0，不要留空或填“/”。",
                    "件数有误", "这里只能填写 0 或正整数（件数），不能填写小数、负数或文字。"),
                FieldKind.Money => Rule(addresses, DataValidationValues.Decimal, DataValidationOperatorValues.GreaterThanOrEqual, "0", null,
                    "金额（万元）", "请填写本年收费金额，单位为万元，最多保留 6 位小数（精确到分）。没有收费请填 0。",
                    "金额有误", "这里只能填写不小于 0 的数字（单位：万元）。"),
                FieldKind.Year => Rule(addresses, DataValidationValues.Whole, DataValidationOperatorValues.Between, $"{MinYear}", $"{MaxYear}",
                    "报告年度", "请填写四位数年份，例如 2024。",
                    "年度有误", $"报告年度应为 {MinYear} 至 {MaxYear} 之间的四位数年份。"),
                FieldKind.Prose => Prompt(addresses, "填写说明", "每段占一行，单元格内换行按 Alt+Enter；小标题如“（一）主动公开”单独成行。"),
                _ => Prompt(addresses, "填写说明", "请照实填写，例如机关名称写全称。"),
            });
        }
        list.Count = (uint)list.ChildElements.Count;
        return list;
    }

    private static DataValidation Rule(IEnumerable<string> addresses, DataValidationValues type, DataValidationOperatorValues op,
        string formula1, string? formula2, string promptTitle, string prompt, string errorTitle, string error)
    {
        var rule = new DataValidation
        {
            Type = type,
            Operator = op,
            AllowBlank = true,
            ShowInputMessage = true,
            ShowErrorMessage = true,
            ErrorStyle = DataValidationErrorStyleValues.Stop,
            PromptTitle = promptTitle,
            Prompt = prompt,
            ErrorTitle = errorTitle,
            Error = error,
            SequenceOfReferences = new ListValue<StringValue>(addresses.Select(a => new StringValue(a))),
        };
        rule.Append(new Formula1(formula1));
        if (formula2 is not null) rule.Append(new Formula2(formula2));
        return rule;
    }

    private static DataValidation Prompt(IEnumerable<string> addresses, string title, string prompt) => new()
    {
        AllowBlank = true,
        ShowInputMessage = true,
        PromptTitle = title,
        Prompt = prompt,
        SequenceOfReferences = new ListValue<StringValue>(addresses.Select(a => new StringValue(a))),
    };
}
