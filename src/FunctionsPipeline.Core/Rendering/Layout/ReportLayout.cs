using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Fonts;
using PdfSharp.UniversalAccessibility;

namespace FunctionsPipeline.Core.Rendering.Layout;

/// <summary>The report's blocks as layout elements in the official layout, and their pages.</summary>
public static class ReportLayout
{
    /// <summary>
    /// Lays the report out on pages of <paramref name="page"/>'s size. Throws
    /// <see cref="MissingGlyphException"/> if the text holds a character the fonts lack.
    /// </summary>
    public static LaidOutReport Lay(ReportDocument report, ReportFonts fonts, PageSetup page) =>
        LaidOutReport.Lay(Elements(report, fonts), page, fonts.PageNumber);

    /// <summary>The document as layout elements, in reading order.</summary>
    internal static List<Element> Elements(ReportDocument report, ReportFonts fonts)
    {
        var indent = 2 * fonts.Body.Size;   // two characters
        var elements = new List<Element>();
        foreach (var block in report.Blocks)
        {
            switch (block)
            {
                case TitleBlock title:
                    elements.Add(new Heading(title.Text, fonts.Title, PdfBlockLevelElementTag.Heading1, align: TextAlign.Center));
                    elements.Add(new Spacer(12));
                    break;
                case HeadingBlock { Level: 1 } heading:
                    elements.Add(new Spacer(6));
                    elements.Add(new Heading(heading.Text, fonts.Heading1, PdfBlockLevelElementTag.Heading2, indent));
                    break;
                case HeadingBlock heading:
                    elements.Add(new Heading(heading.Text, fonts.Heading2, PdfBlockLevelElementTag.Heading3, indent));
                    break;
                case ParagraphBlock paragraph:
                    elements.Add(new Paragraph(paragraph.Text, fonts.Body, PdfBlockLevelElementTag.Paragraph, paragraph.FirstLineIndent ? indent : 0));
                    break;
                case TableBlock table:
                    elements.Add(new Spacer(4));
                    elements.Add(new Table(table, fonts.TableText, fonts.TableHeader));
                    elements.Add(new Spacer(10));
                    break;
                default:
                    throw new NotSupportedException($"No layout for {block.GetType().Name}.");
            }
        }
        return elements;
    }
}
