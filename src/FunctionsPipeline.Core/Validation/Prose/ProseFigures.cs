using System.Buffers;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Validation.Prose;

/// <summary>
/// <see cref="FindingCodes.ProseFigureMismatch"/>: figures the prose quotes (件) must equal the tables. Conservative
/// by design, an error only where the contradiction is unambiguous:
/// <list type="bullet">
/// <item>a figure is compared only when the words right before it name a table quantity (新收…申请, 上年结转, 办结,
/// 予以公开, 行政复议, 制发…规范性文件, …) and it is followed by 件 (起/宗 for cases);</item>
/// <item>it is an error only when it matches no reading of those words (收到申请75件 may be 新收 or 新收 + 上年结转);</item>
/// <item>sentences whose words name another action or another time are not compared at all: 清理, 集中发布, 累计,
/// 含, 上年/去年 (except 上年结转), comparisons (同比, 增长, …), plans, and any year other than the report year;
/// after 其中 the rest of the sentence is a breakdown and is not compared either;</item>
/// <item>approximate figures (约, 近, 超, 10件以上, 左右) and ranges (3至5件, 3-5件) are not compared.</item>
/// </list>
/// Figures may be written in Arabic digits (75, full-width ７５) or Chinese numerals (三十五件, 一百零三件, 两起), read
/// by <see cref="ChineseNumber"/> under the same rules; forms that are approximate in Chinese are not compared
/// (十余件, 十几件, 数十件, 几十件, 二三件), nor is 一件 after 每/同/这… (it names one item, not a total), 零件 (a
/// word), 一件事, 一件件, or 一起 followed by more words (together).
/// Years count in either form (2023年, 二〇二三年).
/// Statements of none (<c>本年度未收到政府信息公开申请</c>, <c>未发生行政复议</c>) count as 0.
/// </summary>
internal static partial class ProseFigures
{
    private enum DocumentKind { None, Rules, Normative, Both }

    public static void Check(ProseField field, int reportYear, TableFigures tables, List<Finding> errors)
    {
        foreach (var block in field.Section.Blocks)
        {
            var text = block.Text;
            foreach (var (start, end) in ProseText.Sentences(text))
            {
                var sentence = text.AsSpan(start, end - start);
                if (!HasFigureOrNone(sentence) || SkipSentence(sentence, reportYear)) continue;
                CheckSentence(field, text, start, end, tables, errors);
            }
        }
    }

    // Most sentences quote no figure at all: skip them before any regex runs.
    private static bool HasFigureOrNone(ReadOnlySpan<char> sentence) =>
        HasFigure(sentence) || sentence.Contains("未", StringComparison.Ordinal) || sentence.Contains("没有", StringComparison.Ordinal);

    private static bool HasFigure(ReadOnlySpan<char> sentence) =>
        sentence.IndexOfAnyInRange('0', '9') >= 0 || HasWrittenOutFigure(sentence);

    private static readonly SearchValues<char> Units = SearchValues.Create("件起宗");

    /// <summary>
    /// A unit right after a Chinese numeral or a full-width digit (三十五件, １２件). Looks only at the characters
    /// before each 件/起/宗 so the many sentences with 一 in their words (进一步, 统一) stay cheap to skip.
    /// </summary>
    private static bool HasWrittenOutFigure(ReadOnlySpan<char> sentence)
    {
        var offset = 0;
        while (sentence[offset..].IndexOfAny(Units) is var found and >= 0)
        {
            var before = offset + found - 1;
            while (before >= 0 && sentence[before] is ' ' or '\u3000') before--;
            if (before >= 0 && (ChineseNumber.IsNumeral(sentence[before]) || ChineseNumber.IsArabicDigit(sentence[before]))) return true;
            offset += found + 1;
        }
        return false;
    }

    /// <summary>Words that make a sentence's figures something other than this year's table quantities.</summary>
    internal static bool SkipSentence(ReadOnlySpan<char> sentence, int reportYear)
    {
        if (OtherActionOrTime().IsMatch(sentence)) return true;
        foreach (var year in YearMention().EnumerateMatches(sentence))
        {
            // The match starts with the four digits (the lookbehind keeps longer numbers out): 2023, ２０２３, 二〇二三.
            if (ChineseNumber.TryParseYear(sentence.Slice(year.Index, 4), out var value) && value is >= 1900 and < 2100
                && value != reportYear) return true;
        }
        return false;
    }

    private static void CheckSentence(ProseField field, string text, int start, int end, TableFigures tables, List<Finding> errors)
    {
        var sentence = text[start..end];
        var aboutApplications = (sentence.Contains("信息公开", StringComparison.Ordinal) && sentence.Contains("申请", StringComparison.Ordinal))
            || sentence.Contains("依申请", StringComparison.Ordinal);
        var documents = Documents(sentence);

        // Statements of none.
        if (sentence.Contains('未', StringComparison.Ordinal) || sentence.Contains("没有", StringComparison.Ordinal))
        {
            foreach (Match none in NoApplications().Matches(sentence))
            {
                if (OtherApplications().IsMatch(none.Value)) continue;
                Compare(field, text, start, end, start + none.Index, none.Length, 0, isNone: true, Quantity.ReceivedAll, tables, errors);
            }
            foreach (Match none in NoReviewOrLitigation().Matches(sentence))
            {
                if (ReviewDetail().IsMatch(none.Value)) continue;
                if (none.Value.Contains("复议", StringComparison.Ordinal))
                    Compare(field, text, start, end, start + none.Index, none.Length, 0, isNone: true, Quantity.Review, tables, errors);
                if (none.Value.Contains("诉讼", StringComparison.Ordinal))
                    Compare(field, text, start, end, start + none.Index, none.Length, 0, isNone: true, Quantity.Litigation, tables, errors);
            }
        }

        // Figures, clause by clause; after 其中 the rest is a breakdown of something already named.
        if (!HasFigure(sentence)) return;
        foreach (var (clauseStart, clauseEnd) in ProseText.Clauses(text, start, end))
        {
            var clause = text[clauseStart..clauseEnd];
            if (clause.Contains("其中", StringComparison.Ordinal)) break;
            var leadStart = 0;
            foreach (var figure in Figures(clause))
            {
                var lead = clause[leadStart..figure.Start];
                leadStart = figure.End;
                if (ApproximateBefore(lead) || ApproximateAfter(clause.AsSpan(figure.End))) continue;
                if (Classify(lead, documents, aboutApplications) is not { } quantity) continue;
                if (figure.Unit != '件' && quantity is not (Quantity.Review or Quantity.Litigation)) continue;
                Compare(field, text, start, end, clauseStart + figure.Start, figure.Length, figure.Value, isNone: false, quantity, tables, errors,
                    written: figure.Plain ? null : clause.Substring(figure.Start, figure.Length) + figure.Unit);
            }
        }
    }

    /// <summary>A figure in a clause; <paramref name="Plain"/>: written in ASCII digits (quoted as its value).</summary>
    private readonly record struct Figure(int Start, int Length, long Value, char Unit, int End, bool Plain);

    /// <summary>
    /// Whole numbers followed by their unit (件, 起, 宗; spaces allowed between): not part of a decimal, a phone
    /// number or a range (no digit, point or dash right before), at most nine digits. Written in Arabic digits
    /// (ASCII or full-width) or in Chinese numerals (<see cref="ChineseNumber"/>; a run that is not a well-formed
    /// numeral, like 二三 or the 十 of 数十/几十, is no figure).
    /// </summary>
    private static List<Figure> Figures(string clause)
    {
        var figures = new List<Figure>();
        var i = 0;
        while (i < clause.Length)
        {
            var arabic = ChineseNumber.IsArabicDigit(clause[i]);
            if (!arabic && !ChineseNumber.IsNumeral(clause[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < clause.Length && (arabic ? ChineseNumber.IsArabicDigit(clause[i]) : ChineseNumber.IsNumeral(clause[i]))) i++;
            var length = i - start;
            var after = i;
            while (after < clause.Length && clause[after] is ' ' or '\u3000') after++;
            if (start > 0 && clause[start - 1] is '.' or '．' or '-' or '－' or '~' or '～' or '—' or '–') continue;
            if (after >= clause.Length || clause[after] is not ('件' or '起' or '宗')) continue;
            if (!ChineseNumber.TryParse(clause.AsSpan(start, length), out var value)) continue;
            if (!arabic && !IsChineseCount(clause, start, length, after)) continue;
            var plain = arabic && clause.AsSpan(start, length).IndexOfAnyExceptInRange('0', '9') < 0;
            figures.Add(new Figure(start, length, value, clause[after], after + 1, plain));
        }
        return figures;
    }

    /// <summary>
    /// Whether a well-formed Chinese numeral before its unit is a count: not approximate (数十, 几十), not one item
    /// picked out (每一件, 同一件, 这两件), not a word (零件, 一件事, 一件件, 一起 meaning together).
    /// </summary>
    private static bool IsChineseCount(string clause, int start, int length, int unitAt)
    {
        if (start > 0 && (ChineseNumber.IsArabicDigit(clause[start - 1]) || "数几每同任某另逐唯这那该此".Contains(clause[start - 1], StringComparison.Ordinal)))
            return false;
        if (length == 1 && ChineseNumber.IsZero(clause[start])) return false;
        var unit = clause[unitAt];
        var rest = clause.AsSpan(unitAt + 1);
        if (rest.Length > 0 && (rest[0] == unit || (unit == '件' && rest[0] == '事'))) return false;
        return !(unit == '起' && length == 1 && clause[start] == '一' && !rest.Trim().IsEmpty);
    }

    /// <summary>What table quantity the words right before a figure name, or null when they name none unambiguously.</summary>
    private static Quantity? Classify(string lead, DocumentKind documents, bool aboutApplications)
    {
        if (lead.Length > 30) lead = lead[^30..];
        if (lead.Length == 0 || NotATotal().IsMatch(lead)) return null;

        var review = lead.Contains("复议", StringComparison.Ordinal);
        var litigation = lead.Contains("诉讼", StringComparison.Ordinal);
        if (review || litigation)
        {
            if (review && litigation || lead.Contains("复议后", StringComparison.Ordinal)) return null;
            return review
                ? lead.Contains("行政复议", StringComparison.Ordinal) ? Quantity.Review : null
                : lead.Contains("行政诉讼", StringComparison.Ordinal) ? Quantity.Litigation : null;
        }

        // 规章 / 行政规范性文件: the lead's own, else the one the sentence is about.
        var leadDocuments = Documents(lead);
        var subject = leadDocuments != DocumentKind.None ? leadDocuments : documents;
        if (DocumentAction().Match(lead) is { Success: true } action && subject is DocumentKind.Rules or DocumentKind.Normative)
        {
            var rules = subject == DocumentKind.Rules;
            return action.Value switch
            {
                "废止" => rules ? Quantity.RulesRepealed : Quantity.NormativeRepealed,
                "现行有效" => rules ? Quantity.RulesInForce : Quantity.NormativeInForce,
                _ => rules ? Quantity.RulesIssued : Quantity.NormativeIssued,
            };
        }
        if (leadDocuments != DocumentKind.None || !aboutApplications || OtherApplications().IsMatch(lead)) return null;

        if (CarriedForward().IsMatch(lead)) return Quantity.CarriedForward;
        if (CarriedOver().IsMatch(lead)) return Quantity.CarriedOver;
        if (lead.Contains("部分公开", StringComparison.Ordinal)) return Quantity.PartiallyGranted;
        if (lead.Contains("予以公开", StringComparison.Ordinal)) return Quantity.Granted;
        if (lead.Contains("不予公开", StringComparison.Ordinal)) return Quantity.Withheld;
        if (lead.Contains("无法提供", StringComparison.Ordinal)) return Quantity.Unable;
        if (lead.Contains("不予处理", StringComparison.Ordinal)) return Quantity.NotProcessed;
        if (lead.Contains("其他处理", StringComparison.Ordinal)) return Quantity.OtherProcessing;
        if (lead.Contains("办结", StringComparison.Ordinal)) return Quantity.Concluded;
        if (!lead.Contains("申请", StringComparison.Ordinal)) return null;
        if (lead.Contains("新收", StringComparison.Ordinal)) return Quantity.Received;
        if (Receive().IsMatch(lead)) return Quantity.ReceivedAll;
        return null;
    }

    private static DocumentKind Documents(string text)
    {
        var normative = text.Contains("规范性文件", StringComparison.Ordinal) && !text.Contains("党内规范性文件", StringComparison.Ordinal);
        var rules = RulesWord().IsMatch(text);
        return (rules, normative) switch
        {
            (true, true) => DocumentKind.Both,
            (true, false) => DocumentKind.Rules,
            (false, true) => DocumentKind.Normative,
            _ => DocumentKind.None,
        };
    }

    private static bool ApproximateBefore(string lead) =>
        lead.Length > 0 && lead[^1] is '约' or '近' or '超' or '逾' or '第' or '.' or '．' or '-' or '－' or '~' or '～' or '—' or '–' or '至' or '到';

    private static bool ApproximateAfter(ReadOnlySpan<char> rest) =>
        rest.StartsWith("以上", StringComparison.Ordinal) || rest.StartsWith("以下", StringComparison.Ordinal)
        || rest.StartsWith("左右", StringComparison.Ordinal) || rest.StartsWith("上下", StringComparison.Ordinal)
        || rest.StartsWith("之多", StringComparison.Ordinal) || rest.StartsWith("次", StringComparison.Ordinal);

    private static void Compare(ProseField field, string text, int sentenceStart, int sentenceEnd, int markStart, int markLength,
        long figure, bool isNone, Quantity quantity, TableFigures tables, List<Finding> errors, string? written = null)
    {
        var readings = tables.ReadingsOf(quantity);
        if (readings.Count == 0 || readings.Any(r => r.Value == figure)) return;

        var (quote, quoteMark) = ProseText.Quote(text, sentenceStart, sentenceEnd, markStart, markLength);
        var cells = readings.SelectMany(r => r.Cells).Distinct().ToList();
        var proseQuote = new ProseQuote(field.Heading, quote, quoteMark, markLength, cells.Select(c => c.ToString()).ToValueList());
        var tableSays = string.Join("；", readings.Select(r => $"{r.Label}（{r.CellList}）为 {TableFigures.Show(r.Value)}"));
        // A figure not in ASCII digits is quoted as written, with the value it was read as: 三十五件（即 35）.
        var proseSays = isNone ? "正文说没有（按 0 计）"
            : written is null ? $"正文写的是 {TableFigures.Show(figure)}"
            : $"正文写的是 {written}（即 {TableFigures.Show(figure)}）";
        errors.Add(new Finding(FindingCodes.ProseFigureMismatch, Severity.Error, field.Sheet, field.Address,
            $"{field.Where}“{proseQuote.Marked}”{proseSays}，与表格不一致：{tableSays}。请核对正文或表格，使两者一致",
            Expected: string.Join(" 或 ", readings.Select(r => r.Value).Distinct().Select(TableFigures.Show)),
            Actual: TableFigures.Show(figure),
            Quote: proseQuote));
    }

    // 清理/集中发布 (a clean-up re-publishes), 累计/历年/以来/截至 (cumulative), 上年/去年 (except 上年结转),
    // comparisons, parts of a whole (含, 包括), plans and averages: none of these is this year's table quantity.
    [GeneratedRegex("清理|集中发布|累计|汇编|历年|以来|截至|截止|去年|前年|上一年|上年(?!度?结转)|同比|环比|较上|比上|增长|下降|增加|减少|持平|包括|含|计划|预计|力争|目标|平均|日均")]
    private static partial Regex OtherActionOrTime();

    [GeneratedRegex(@"(?<![0-9０-９〇零一二两三四五六七八九十百千万])(?:[0-9０-９]{4}|[〇零一二三四五六七八九]{4})\s*年")]
    private static partial Regex YearMention();

    [GeneratedRegex(@"(?<!尚)(?:未|没有)(?:收到|受理|接到|接收)(?:任何|过)?[^，。；,;0-9]{0,12}?(?:信息公开|依申请公开)的?申请")]
    private static partial Regex NoApplications();

    [GeneratedRegex(@"(?<!尚)(?:未|没有)(?:发生|出现|被申请|被提起|收到|产生|涉及|有)[^，。；,;0-9]{0,30}?(?:行政复议|行政诉讼)[^，。；,;0-9]{0,20}")]
    private static partial Regex NoReviewOrLitigation();

    // A statement about part of the cases (none corrected, none lost) says nothing about the total.
    [GeneratedRegex("纠正|纠错|败诉|撤销|确认违法|维持|复议后|审结")]
    private static partial Regex ReviewDetail();

    // Words for a part or a state of 行政复议/诉讼 or a document, not the total the table has.
    [GeneratedRegex("维持|纠正|纠错|其他结果|尚未|审结|败诉|胜诉|失效|修订|修改|审核|备案|合法性|评估|解读|征求|涉及|清理")]
    private static partial Regex NotATotal();

    // Applications that are not 政府信息公开申请.
    [GeneratedRegex("许可|审批|建议|提案|信访|投诉|举报|留言|咨询|诉求|热线|复议|诉讼|登记|补正|延期")]
    private static partial Regex OtherApplications();

    [GeneratedRegex("制发|制定|出台|印发|废止|现行有效")]
    private static partial Regex DocumentAction();

    [GeneratedRegex("规章(?!制度)")]
    private static partial Regex RulesWord();

    [GeneratedRegex("结转(?:至|到)?下一?年")]
    private static partial Regex CarriedForward();

    [GeneratedRegex("上一?年度?结转")]
    private static partial Regex CarriedOver();

    [GeneratedRegex("收到|受理|接收|接到")]
    private static partial Regex Receive();
}
