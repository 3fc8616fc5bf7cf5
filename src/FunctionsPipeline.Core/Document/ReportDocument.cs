using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Document;

/// <summary>
/// The report as a layout-independent document: what both the PDF renderer and the HTML
/// renderer consume, so the two can never disagree about content or table structure.
/// </summary>
public sealed record ReportDocument(DocumentMetadata Metadata, ValueList<Block> Blocks);

/// <param name="Year">The report year; <paramref name="CreditCode"/> the body's 统一社会信用代码 if given (catalogue metadata for the OFD).</param>
public sealed record DocumentMetadata(string Title, string Author, string Subject, string Keywords, string Language = "zh-CN",
    int? Year = null, string? CreditCode = null);

public abstract record Block;

/// <summary>The report title, centred.</summary>
public sealed record TitleBlock(string Text) : Block;

/// <summary>Level 1: the six section headings (一、…); level 2: sub-headings such as （一）主动公开.</summary>
public sealed record HeadingBlock(int Level, string Text) : Block;

/// <summary>A body paragraph. Body paragraphs get a two-character first-line indent.</summary>
public sealed record ParagraphBlock(string Text, bool FirstLineIndent = true) : Block;

public enum CellAlign { Left, Center, Right }

/// <summary>One table cell. Spanned-over positions are simply absent from later rows (as in HTML).</summary>
public sealed record TableCell(string Text, int RowSpan = 1, int ColSpan = 1, bool IsHeader = false, CellAlign Align = CellAlign.Center);

/// <summary>
/// What a row below the table header is, for pagination. Stated by the document, never guessed
/// from text: the PDF keeps a labelling row on the page of the first body row after it.
/// </summary>
public enum TableRowKind
{
    /// <summary>A row of content (a label and its figures).</summary>
    Body,

    /// <summary>A row that only labels the group of rows below it (table 二's 第二十条第（…）项 rows).</summary>
    GroupHeading,

    /// <summary>A row of column headings that belongs to the group below it (the 信息内容 rows of table 二).</summary>
    ColumnHeading,
}

public sealed record TableRow(ValueList<TableCell> Cells, TableRowKind Kind = TableRowKind.Body);

/// <summary>How a table holds together across pages.</summary>
public enum TableKeep
{
    /// <summary>Splits wherever its break rules allow.</summary>
    None,

    /// <summary>
    /// Starts on the next page rather than split, whenever it fits on one page, unless moving it would leave
    /// the page before less than a third full: then it splits there, by its break rules (tables 三 and 四).
    /// </summary>
    WholeUnlessPageNearEmpty,

    /// <summary>Never split while it fits on one page, whatever it leaves of the page before (table 二).</summary>
    Whole,
}

/// <summary>
/// A table with relative column widths; the first <see cref="HeaderRowCount"/> rows are the
/// header, repeated when the table crosses a page. <see cref="Keep"/> says when it moves whole
/// to the next page rather than split.
/// </summary>
public sealed record TableBlock(string Caption, ValueList<double> ColumnWidths, int HeaderRowCount, ValueList<TableRow> Rows, TableKeep Keep = TableKeep.None) : Block;
