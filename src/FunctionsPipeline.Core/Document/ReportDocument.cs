using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Document;

/// <summary>
/// The report as a layout-independent document: what both the PDF renderer and the HTML
/// renderer consume, so the two can never disagree about content or table structure.
/// </summary>
public sealed record ReportDocument(DocumentMetadata Metadata, ValueList<Block> Blocks);

public sealed record DocumentMetadata(string Title, string Author, string Subject, string Keywords, string Language = "zh-CN");

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

public sealed record TableRow(ValueList<TableCell> Cells);

/// <summary>
/// A table with relative column widths; the first <see cref="HeaderRowCount"/> rows are the
/// header, repeated when the table crosses a page.
/// </summary>
public sealed record TableBlock(string Caption, ValueList<double> ColumnWidths, int HeaderRowCount, ValueList<TableRow> Rows) : Block;
