using System.Globalization;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Validation.Prose;

/// <summary>
/// The required content of sections 五 and 六 and what the prose must not say: an empty section 五 (error), a
/// 收费通知 the tables contradict (error), no word on the 信息处理费, an overview that opens with another year,
/// another government named as if it were the body (warnings).
/// </summary>
internal static partial class ProseRules
{
    /// <summary>Fewer letters than this (after what only says “none”) do not describe problems and improvements.</summary>
    public const int MinProblemsLetters = 8;

    /// <summary>
    /// <see cref="FindingCodes.ProblemsNotDescribed"/>: section 五 that says only 无/暂无, repeats the template's
    /// sub-headings with nothing under them, or has only a few characters.
    /// </summary>
    public static Finding? ProblemsNotDescribed(ProseField field)
    {
        if (field.Section.IsEmpty) return null; // PROSE_EMPTY already says so
        var letters = 0;
        var saysNone = false;
        foreach (var block in field.Section.Blocks)
        {
            // A long paragraph describes something: stop before stripping the whole section.
            if (block.Kind == ProseBlockKind.Paragraph && block.Text.Length > 4 * MinProblemsLetters) return null;
            var content = Letters(block.Text);
            if (block.Kind == ProseBlockKind.SubHeading && TemplateHeading().IsMatch(content)) continue;
            if (NoneOnly().IsMatch(content))
            {
                saysNone = true;
                continue;
            }
            letters += content.Length;
        }
        if (letters >= MinProblemsLetters) return null;
        var text = field.Section.ToText();
        var shown = text.Length > ProseText.MaxQuoteLength ? text[..ProseText.MaxQuoteLength] + "……" : text;
        var why = saysNone ? "只写了“无”一类的话" : letters == 0 ? "只有小标题，没有内容" : $"只有 {letters} 个字";
        return new Finding(FindingCodes.ProblemsNotDescribed, Severity.Error, field.Sheet, field.Address,
            $"{field.Where}“{shown}”{why}。这一部分应写明上一年度问题的改进情况、本年度存在的主要问题和下一步改进措施",
            Expected: $"≥ {MinProblemsLetters} 字", Actual: CellValues.Format(letters),
            Quote: new ProseQuote(field.Heading, shown, 0, 0, ValueList<string>.Empty));
    }

    /// <summary>
    /// <see cref="FindingCodes.FeeNoticeContradicted"/>: section 六 says no 收费通知 was issued although table 三
    /// counts applications closed because a 收费通知 went unpaid.
    /// </summary>
    public static Finding? FeeNoticeContradicted(ProseField field, int reportYear, TableFigures tables, CellLocation? unpaidCell)
    {
        if (tables.Value(TableBRow.OtherUnpaidFee, ApplicantColumn.Total) is not { } unpaid || unpaid == 0 || unpaidCell is null) return null;
        foreach (var block in field.Section.Blocks)
        {
            foreach (var (start, end) in ProseText.Sentences(block.Text))
            {
                var sentence = block.Text[start..end];
                if (NoFeeNotice().Match(sentence) is not { Success: true } none || ProseFigures.SkipSentence(sentence, reportYear)) continue;
                var (quote, mark) = ProseText.Quote(block.Text, start, end, start + none.Index, none.Length);
                var proseQuote = new ProseQuote(field.Heading, quote, mark, none.Length, ValueList.Of(unpaidCell.ToString()));
                return new Finding(FindingCodes.FeeNoticeContradicted, Severity.Error, field.Sheet, field.Address,
                    $"{field.Where}“{proseQuote.Marked}”说没有发出收费通知，但表三（六）其他处理“2.申请人逾期未按收费通知要求缴纳费用”" +
                    $"（{unpaidCell}）为 {CellValues.Format(unpaid)} 件：这些申请都收到过收费通知。请核对正文或表格",
                    Expected: "0", Actual: CellValues.Format(unpaid), Quote: proseQuote);
            }
        }
        return null;
    }

    /// <summary><see cref="FindingCodes.ProcessingFeeNotMentioned"/>: section 六 says nothing about the 信息处理费.</summary>
    public static Finding? ProcessingFeeNotMentioned(ProseField field)
    {
        var text = field.Section.ToText();
        if (FeeWords().IsMatch(text)) return null;
        return new Finding(FindingCodes.ProcessingFeeNotMentioned, Severity.Warning, field.Sheet, field.Address,
            $"{field.Where}没有提到信息处理费。年度报告格式要求在这一部分报告收取信息处理费的情况（国办函〔2020〕109号），未收取也请写明");
    }

    /// <summary><see cref="FindingCodes.OverviewYearMismatch"/>: the overview opens with a year other than the report year.</summary>
    public static Finding? OverviewYearMismatch(ProseField field, int reportYear)
    {
        if (field.Section.Blocks.Count == 0) return null;
        var first = field.Section.Blocks[0].Text;
        if (OpeningYear().Match(first) is not { Success: true } opening) return null;
        var year = int.Parse(opening.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        if (year == reportYear) return null;
        var group = opening.Groups[1];
        var (quote, mark) = ProseText.Quote(first, 0, ProseText.Sentences(first)[0].End, group.Index, group.Length);
        var proseQuote = new ProseQuote(field.Heading, quote, mark, group.Length, ValueList<string>.Empty);
        return new Finding(FindingCodes.OverviewYearMismatch, Severity.Warning, field.Sheet, field.Address,
            $"{field.Where}“{proseQuote.Marked}”以{year}年开头，而报告年度是{reportYear}年。是否沿用了往年的文字？",
            Expected: CellValues.Format(reportYear), Actual: CellValues.Format(year), Quote: proseQuote);
    }

    /// <summary>
    /// <see cref="FindingCodes.ProseNamesOtherGovernment"/>: the prose names a 人民政府 of a place that is not the
    /// body's own. Only places at a level the body's name shows are judged (a 镇 body's name shows its 区 and 镇,
    /// so another 区 or 镇 is reported; a 市 is not, it may be the body's own city).
    /// </summary>
    public const int MaxOtherGovernmentsPerSection = 5;

    public static void OtherGovernments(ProseField field, BodyPlaces places, List<Finding> warnings)
    {
        if (places.IsEmpty) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in field.Section.Blocks)
        {
            var text = block.Text;
            for (var at = text.IndexOf("人民政府", StringComparison.Ordinal); at > 0; at = text.IndexOf("人民政府", at + 4, StringComparison.Ordinal))
            {
                if (places.Foreign(text, at) is not { } name || !seen.Add(name)) continue;
                if (seen.Count > MaxOtherGovernmentsPerSection) return; // a few names tell the clerk enough
                var sentence = ProseText.Sentences(text).First(s => s.Start <= at && at < s.End);
                var nameStart = at - name.Length;
                var (quote, mark) = ProseText.Quote(text, sentence.Start, sentence.End, nameStart, name.Length + 4);
                var proseQuote = new ProseQuote(field.Heading, quote, mark, name.Length + 4, ValueList<string>.Empty);
                warnings.Add(new Finding(FindingCodes.ProseNamesOtherGovernment, Severity.Warning, field.Sheet, field.Address,
                    $"{field.Where}“{proseQuote.Marked}”提到{name}人民政府，但本报告的机关是{places.Body}。是否照搬了其他机关的报告？",
                    Expected: places.Body, Actual: $"{name}人民政府", Quote: proseQuote));
            }
        }
    }

    private static string Letters(string text) => string.Concat(text.Where(char.IsLetterOrDigit));

    // The template's own sub-headings: （一）2023年度存在问题改进情况, （二）存在的主要问题及改进措施, …
    [GeneratedRegex("^[一二三四五六七八九十]*[0-9]*年?度?(?:存在|主要|的|问题|改进|情况|及|下步|下一步|措施|和|年度|本年|上年)+$")]
    private static partial Regex TemplateHeading();

    [GeneratedRegex("^(?:无|暂无|没有|均无|无问题|暂无问题|没有问题|不存在问题|无改进情况|无相关情况|不涉及|本年度无|无此情况)$")]
    private static partial Regex NoneOnly();

    // 未/没有/无 (发出) 收费通知: a sentence that says no fee notice was issued.
    [GeneratedRegex(@"(?<!尚)(?:未|没有|无)(?:向[^，。；,;0-9]{0,8}?)?(?:发出|出具|下发|送达|发送|寄送|开具|作出)?(?:过|任何)?[^，。；,;0-9]{0,6}?收费通知")]
    private static partial Regex NoFeeNotice();

    [GeneratedRegex("处理费|收费|费用")]
    private static partial Regex FeeWords();

    [GeneratedRegex(@"^\s*((?:19|20)[0-9]{2})\s*年")]
    private static partial Regex OpeningYear();
}
