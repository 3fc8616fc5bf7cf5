using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Validation.Prose;

/// <summary>One prose field as the prose rules see it: its cell, its section heading and its text.</summary>
internal sealed record ProseField(RawCell? Cell, string Heading, ProseSection Section)
{
    public string Sheet => Cell?.At.Sheet ?? "";
    public string Address => Cell?.At.Address ?? "";

    /// <summary>How a message starts: <c>基本信息!B9（一、总体情况）：</c>.</summary>
    public string Where => Cell is null ? $"（{Heading}）" : $"{Cell.At}（{Heading}）：";
}

/// <summary>Splitting prose into sentences and clauses, and quoting a sentence around a mark.</summary>
internal static class ProseText
{
    public const int MaxQuoteLength = 90;

    /// <summary>Sentences of one block as [start, end): each ends after its 。！？； (or at the end of the block).</summary>
    public static List<(int Start, int End)> Sentences(string text)
    {
        var sentences = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '。' or '！' or '？' or '；' or '!' or '?' or ';')
            {
                if (i + 1 > start) sentences.Add((start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.Length) sentences.Add((start, text.Length));
        return sentences;
    }

    /// <summary>Clauses of a sentence as [start, end): split at ，、：（） so that each holds one statement.</summary>
    public static List<(int Start, int End)> Clauses(string text, int start, int end)
    {
        var clauses = new List<(int, int)>();
        var from = start;
        for (var i = start; i < end; i++)
        {
            if (IsClauseBreak(text[i]))
            {
                if (i > from) clauses.Add((from, i));
                from = i + 1;
            }
        }
        if (end > from) clauses.Add((from, end));
        return clauses;
    }

    public static bool IsClauseBreak(char c) =>
        c is '，' or ',' or '、' or '：' or ':' or '（' or '）' or '(' or ')' or '。' or '；' or ';' or '！' or '？' or '!' or '?';

    /// <summary>
    /// The sentence to quote, trimmed, with the mark's position in it; a long sentence is cut around the mark
    /// (with ……) so the clerk sees the words that carry the figure.
    /// </summary>
    public static (string Text, int MarkStart) Quote(string text, int sentenceStart, int sentenceEnd, int markStart, int markLength)
    {
        while (sentenceStart < markStart && char.IsWhiteSpace(text[sentenceStart])) sentenceStart++;
        if (sentenceEnd - sentenceStart <= MaxQuoteLength)
        {
            return (text[sentenceStart..sentenceEnd], markStart - sentenceStart);
        }
        var before = Math.Min(markStart - sentenceStart, (MaxQuoteLength - markLength) / 2);
        var from = markStart - before;
        var to = Math.Min(sentenceEnd, from + MaxQuoteLength);
        var prefix = from > sentenceStart ? "……" : "";
        var suffix = to < sentenceEnd ? "……" : "";
        return (prefix + text[from..to] + suffix, prefix.Length + markStart - from);
    }
}
