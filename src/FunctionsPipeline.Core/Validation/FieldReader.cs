using System.Globalization;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Validation;

/// <summary>
/// Reads one field at a time from the raw cells, adding an error for every value that is not
/// acceptable and returning null for it. Absent fields return null silently: the validator
/// reports every missing label once, as <see cref="FindingCodes.FieldNotFound"/>.
/// </summary>
internal sealed partial class FieldReader(ParsedWorkbook workbook, List<Finding> errors)
{
    public int? Count(string fieldId)
    {
        if (workbook[fieldId] is not { } cell) return null;
        var kind = CellValues.Classify(cell.Value, out var number);
        var shown = CellValues.Show(cell.Value);
        switch (kind)
        {
            case RawKind.Blank:
                return Fail(FindingCodes.CountBlank, fieldId, cell, "未填写。没有数据请填写 0，不要留空");
            case RawKind.Placeholder:
                return Fail(FindingCodes.CountPlaceholder, fieldId, cell, $"填写了 {shown}。没有数据请填写 0，不要用“/”或“-”代替");
            case RawKind.TextNumber:
                return Fail(FindingCodes.CountTextNumber, fieldId, cell,
                    $"{shown} 是文本格式的数字，请把单元格设为数值格式，重新填写不带空格的整数");
            case RawKind.ChineseNumeral:
                return Fail(FindingCodes.CountChineseNumeral, fieldId, cell, $"填写了 {shown}，请用阿拉伯数字填写整数件数");
            case RawKind.NotANumber:
                return Fail(FindingCodes.CountNotANumber, fieldId, cell, $"应填写整数件数，实际为 {shown}{DateHint(cell.Value)}");
        }
        if (number < 0)
        {
            return Fail(FindingCodes.CountNegative, fieldId, cell, $"件数不能为负数，实际填写 {shown}");
        }
        if (Math.Floor(number) != number)
        {
            return Fail(FindingCodes.CountNotInteger, fieldId, cell, $"件数应为整数，实际填写 {shown}");
        }
        if (number > int.MaxValue)
        {
            return Fail(FindingCodes.CountTooLarge, fieldId, cell, $"件数 {shown} 超出合理范围，请核对");
        }
        return (int)number;
    }

    // Real reports publish the fee to the 分: 24252.311082 万元 is six decimals.
    public const int MaxFeeDecimals = 6;

    public decimal? Fee(string fieldId)
    {
        if (workbook[fieldId] is not { } cell) return null;
        var kind = CellValues.Classify(cell.Value, out var number);
        var shown = CellValues.Show(cell.Value);
        switch (kind)
        {
            case RawKind.Blank:
                return FailFee(FindingCodes.FeeBlank, fieldId, cell, "未填写。没有收费请填写 0，不要留空");
            case RawKind.Placeholder:
                return FailFee(FindingCodes.FeePlaceholder, fieldId, cell, $"填写了 {shown}。没有收费请填写 0，不要用“/”或“-”代替");
            case RawKind.TextNumber:
                return FailFee(FindingCodes.FeeTextNumber, fieldId, cell,
                    $"{shown} 是文本格式的数字，请把单元格设为数值格式，重新填写金额（单位：万元）");
            case RawKind.ChineseNumeral:
                return FailFee(FindingCodes.FeeChineseNumeral, fieldId, cell, $"填写了 {shown}，请用阿拉伯数字填写金额（单位：万元）");
            case RawKind.NotANumber:
                return FailFee(FindingCodes.FeeNotANumber, fieldId, cell, $"应填写金额（单位：万元），实际为 {shown}{DateHint(cell.Value)}");
        }
        if (number < 0)
        {
            return FailFee(FindingCodes.FeeNegative, fieldId, cell, $"金额不能为负数，实际填写 {shown}");
        }
        if (number >= 1e12)
        {
            return FailFee(FindingCodes.FeeTooLarge, fieldId, cell, $"金额 {shown} 超出合理范围，请核对（单位为万元）");
        }
        // A double converts to the shortest decimal that round-trips, so 0.0125 stays 0.0125.
        var amount = (decimal)number;
        if (decimal.Round(amount, MaxFeeDecimals) != amount)
        {
            return FailFee(FindingCodes.FeeTooManyDecimals, fieldId, cell,
                $"金额以万元为单位，最多保留 {MaxFeeDecimals} 位小数（即精确到分），实际填写 {shown}");
        }
        return amount;
    }

    /// <summary>A single-line text field (机关名称, contact details); numbers such as a postcode are accepted as text.</summary>
    /// <param name="maxLength">At most this many characters (code points), else <c>TEXT_TOO_LONG</c> at the cell.</param>
    public string? Text(string fieldId, bool required, int? maxLength = null)
    {
        if (workbook[fieldId] is not { } cell) return null;
        string? text = cell.Value switch
        {
            null => "",
            string s => s.Trim(),
            double d when double.IsFinite(d) => CellValues.FormatNumber(d),
            _ => null,
        };
        if (text is null)
        {
            Fail(FindingCodes.TextNotText, fieldId, cell, $"应填写文字，实际为 {CellValues.Show(cell.Value)}");
            return null;
        }
        if (required && text.Length == 0)
        {
            Fail(FindingCodes.RequiredBlank, fieldId, cell, "必须填写，不能为空");
            return null;
        }
        if (maxLength is { } max && text.EnumerateRunes().Count() is var length && length > max)
        {
            Fail(FindingCodes.TextTooLong, fieldId, cell, $"内容过长：最多 {max} 个字，实际 {length} 个字，请填写规范的全称", $"不超过 {max} 个字", $"{length} 个字");
            return null;
        }
        return text;
    }

    /// <summary>
    /// 统一社会信用代码 (optional): blank or absent gives null; otherwise 18 characters of GB 32100-2015 with the right check
    /// character. Letters must be capitals as the code is printed (nothing is coerced).
    /// </summary>
    public string? CreditCode(string fieldId)
    {
        if (Text(fieldId, required: false) is not { Length: > 0 } code) return null;
        var cell = workbook[fieldId]!;
        switch (Model.CreditCode.Check(code))
        {
            case Model.CreditCode.Problem.Format:
                Fail(FindingCodes.CreditCodeFormat, fieldId, cell,
                    $"{CellValues.Show(cell.Value)} 不是有效的统一社会信用代码：应为18位，由数字和大写英文字母（不含 I、O、Z、S、V）组成，第3至8位为数字。没有可不填",
                    expected: "18位统一社会信用代码");
                return null;
            case Model.CreditCode.Problem.CheckCharacter:
                Fail(FindingCodes.CreditCodeCheck, fieldId, cell,
                    $"统一社会信用代码 {CellValues.Show(cell.Value)} 的校验码（第18位）不对：按前17位计算应为“{Model.CreditCode.CheckCharacter(code)}”，" +
                    "请对照营业执照或登记证书核对整串代码（常见原因是抄错了其中一位）",
                    expected: $"第18位 {Model.CreditCode.CheckCharacter(code)}");
                return null;
            default:
                return code;
        }
    }

    /// <summary>报告年度: exactly four digits, not after the year of publication.</summary>
    public int? Year(string fieldId, int publicationYear)
    {
        if (workbook[fieldId] is not { } cell) return null;
        var text = cell.Value switch
        {
            null => "",
            string s => s.Trim(),
            double d when double.IsFinite(d) => CellValues.FormatNumber(d),
            _ => null,
        };
        if (text is { Length: 0 })
        {
            Fail(FindingCodes.RequiredBlank, fieldId, cell, "必须填写，不能为空（填写4位数字年份，如 2024）");
            return null;
        }
        if (text is null || !FourDigits().IsMatch(text))
        {
            Fail(FindingCodes.YearFormat, fieldId, cell, $"应填写4位数字年份（如 2024），实际为 {CellValues.Show(cell.Value)}",
                expected: "4位数字年份", actual: CellValues.Plain(cell.Value));
            return null;
        }
        var year = int.Parse(text, CultureInfo.InvariantCulture);
        if (year > publicationYear)
        {
            Fail(FindingCodes.YearAfterPublication, fieldId, cell,
                $"报告年度 {year} 晚于公开年份 {publicationYear}，年度报告只能报告已经结束的年度",
                expected: $"≤ {CellValues.Format(publicationYear)}", actual: CellValues.Format(year));
            return null;
        }
        return year;
    }

    /// <summary>A prose section (one block per line of the cell).</summary>
    public ProseSection? Prose(string fieldId, bool required)
    {
        if (workbook[fieldId] is not { } cell) return null;
        if (cell.Value is not (null or string))
        {
            Fail(FindingCodes.TextNotText, fieldId, cell, $"应填写文字，实际为 {CellValues.Show(cell.Value)}");
            return null;
        }
        var section = ProseSection.FromText(cell.Value as string);
        if (required && section.IsEmpty)
        {
            Fail(FindingCodes.ProseEmpty, fieldId, cell, "这一部分必须填写正文，不能为空");
            return null;
        }
        return section;
    }

    private static string DateHint(object? raw) =>
        raw is DateTime ? "（单元格被设成了日期格式）" : "";

    private int? Fail(string code, string fieldId, RawCell cell, string text, string? expected = null, string? actual = null)
    {
        // Totals are formulas in the template: a bad total is usually the echo of a bad cell it sums.
        if (ReportFields.Get(fieldId).IsComputedTotal) text += "（这是合计单元格：若由公式自动计算，请先改正它所合计的单元格）";
        errors.Add(ValueError(code, fieldId, cell, text, expected, actual ?? CellValues.Plain(cell.Value)));
        return null;
    }

    private decimal? FailFee(string code, string fieldId, RawCell cell, string text)
    {
        errors.Add(ValueError(code, fieldId, cell, text, null, CellValues.Plain(cell.Value)));
        return null;
    }

    /// <summary>A finding about one cell's value: message names the cell and the field.</summary>
    internal static Finding ValueError(string code, string fieldId, RawCell cell, string text, string? expected, string? actual) =>
        new(code, Severity.Error, cell.At.Sheet, cell.At.Address,
            $"{cell.At}（{ReportFields.Get(fieldId).Description}）：{text}", expected, actual);

    [GeneratedRegex(@"^[0-9]{4}$")]
    private static partial Regex FourDigits();
}
