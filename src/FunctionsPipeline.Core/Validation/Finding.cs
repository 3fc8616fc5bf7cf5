using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Validation;

public enum Severity { Error, Warning }

/// <summary>
/// One problem found in a workbook: a stable code (e.g. <c>BALANCE_R1</c>), where it is
/// (sheet and cell; empty when the whole file or a missing label is meant), a Chinese message
/// that tells the clerk what to fix, and the expected and actual values where arithmetic is involved.
/// A finding about the prose also carries <see cref="Quote"/>: its section, the sentence and the table cells it disagrees with.
/// </summary>
public sealed record Finding(
    string Code,
    Severity Severity,
    string Sheet,
    string Cell,
    string Message,
    string? Expected = null,
    string? Actual = null,
    ProseQuote? Quote = null)
{
    /// <summary>A file that could not be read at all becomes one error about the whole file.</summary>
    public static Finding FromFileProblem(FileProblem problem) =>
        new(problem.Code, Severity.Error, "", "", $"{problem.FileName}：{problem.Message}");

    /// <summary>How a clerk reads the location: <c>三!H7</c>, or empty for the whole file.</summary>
    public string Location => Sheet.Length == 0 ? "" : Cell.Length == 0 ? Sheet : $"{Sheet}!{Cell}";

    /// <summary>
    /// The message as a clerk reads it on its own line, naming its location once: most messages already start with it
    /// (<c>三!J5：…</c>); the others get it put in front. Every host prints this, never location and message side by side.
    /// </summary>
    public string Text => Location.Length == 0 || Message.StartsWith(Location, StringComparison.Ordinal) ? Message : $"{Location}：{Message}";

    /// <summary>
    /// The message without the location it starts with (<c>三!J5：…</c> → <c>…</c>), for a table whose own column shows the
    /// location (the findings and warnings pages), so the cell is named once.
    /// </summary>
    public string Detail
    {
        get
        {
            if (Location.Length == 0 || !Message.StartsWith(Location, StringComparison.Ordinal)) return Message;
            var rest = Message.AsSpan(Location.Length).TrimStart(' ');
            if (rest.Length > 0 && rest[0] is '：' or ':') rest = rest[1..].TrimStart(' ');
            return rest.Length == 0 ? Message : rest.ToString();
        }
    }
}

/// <summary>
/// Where in the prose a finding is: the section heading (e.g. 一、总体情况), the sentence quoted, the part of it
/// to mark (the figure, or the name; length 0 when nothing is marked) and the table cells it was compared with.
/// </summary>
public sealed record ProseQuote(string Section, string Text, int MarkStart, int MarkLength, ValueList<string> TableCells)
{
    /// <summary>The marked part of <see cref="Text"/> ("" when nothing is marked).</summary>
    public string Mark => Text.Substring(MarkStart, MarkLength);

    /// <summary>The quote with the mark in 【】, as plain text shows it.</summary>
    public string Marked => MarkLength == 0 ? Text : $"{Text[..MarkStart]}【{Mark}】{Text[(MarkStart + MarkLength)..]}";
}
