using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace FunctionsPipeline.Core.Workbook;

/// <summary>The template's stylesheet; the constants are cellXfs indexes.</summary>
internal static class TemplateStyles
{
    public const uint Default = 0, Title = 1, Note = 2, Header = 3, Label = 4, GroupLabel = 5,
        InputCount = 6, InputMoney = 7, InputText = 8, InputProse = 9, Total = 10, InputDate = 11;

    private const string FontName = "宋体";
    private const string InputFill = "FFFFF2CC";   // light yellow: type here
    private const string HeaderFill = "FFD9D9D9";  // grey: official headings
    private const string TotalFill = "FFE2EFDA";   // light green: computed

    public static Stylesheet Build()
    {
        var fonts = new Fonts(
            Font(11, bold: false),
            Font(11, bold: true),
            Font(14, bold: true),
            Font(9, bold: false, color: "FF595959"));
        fonts.Count = (uint)fonts.ChildElements.Count;

        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            Solid(InputFill),
            Solid(HeaderFill),
            Solid(TotalFill));
        fills.Count = (uint)fills.ChildElements.Count;

        var borders = new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(Thin<LeftBorder>(), Thin<RightBorder>(), Thin<TopBorder>(), Thin<BottomBorder>(), new DiagonalBorder()));
        borders.Count = (uint)borders.ChildElements.Count;

        var center = HorizontalAlignmentValues.Center;
        var left = HorizontalAlignmentValues.Left;
        var middle = VerticalAlignmentValues.Center;
        var top = VerticalAlignmentValues.Top;
        var cellFormats = new CellFormats(
            Format(0, 0, 0, 0, null, null, wrap: false, locked: true),            // Default
            Format(2, 0, 0, 0, center, middle, wrap: false, locked: true),       // Title
            Format(3, 0, 0, 0, left, middle, wrap: true, locked: true),          // Note
            Format(1, 3, 1, 0, center, middle, wrap: true, locked: true),        // Header
            Format(0, 0, 1, 0, left, middle, wrap: true, locked: true),          // Label
            Format(0, 0, 1, 0, center, middle, wrap: true, locked: true),        // GroupLabel
            Format(0, 2, 1, 0, center, middle, wrap: false, locked: false),      // InputCount
            Format(0, 2, 1, 0, center, middle, wrap: false, locked: false),      // InputMoney
            Format(0, 2, 1, 49, left, middle, wrap: true, locked: false),        // InputText (text format keeps 0 in postcodes)
            Format(0, 2, 1, 49, left, top, wrap: true, locked: false),           // InputProse
            Format(1, 4, 1, 0, center, middle, wrap: false, locked: true),       // Total
            Format(0, 2, 1, 14, center, middle, wrap: false, locked: false));    // InputDate
        cellFormats.Count = (uint)cellFormats.ChildElements.Count;

        return new Stylesheet(
            fonts,
            fills,
            borders,
            new CellStyleFormats(new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U }) { Count = 1U },
            cellFormats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0U, BuiltinId = 0U }) { Count = 1U });
    }

    private static Font Font(double size, bool bold, string? color = null)
    {
        var font = new Font();
        if (bold) font.Append(new Bold());
        font.Append(new FontSize { Val = size });
        if (color is not null) font.Append(new Color { Rgb = color });
        font.Append(new FontName { Val = FontName });
        font.Append(new FontCharSet { Val = 134 }); // GB2312
        return font;
    }

    private static Fill Solid(string argb) =>
        new(new PatternFill(new ForegroundColor { Rgb = argb }, new BackgroundColor { Indexed = 64U }) { PatternType = PatternValues.Solid });

    private static T Thin<T>() where T : BorderPropertiesType, new() =>
        new() { Style = BorderStyleValues.Thin, Color = new Color { Indexed = 64U } };

    private static CellFormat Format(uint font, uint fill, uint border, uint numberFormat,
        HorizontalAlignmentValues? horizontal, VerticalAlignmentValues? vertical, bool wrap, bool locked)
    {
        var format = new CellFormat
        {
            FontId = font, FillId = fill, BorderId = border, NumberFormatId = numberFormat, FormatId = 0U,
            ApplyFont = font != 0, ApplyFill = fill != 0, ApplyBorder = border != 0, ApplyNumberFormat = numberFormat != 0,
            ApplyAlignment = true, ApplyProtection = true,
        };
        var alignment = new Alignment { WrapText = wrap };
        if (horizontal is not null) alignment.Horizontal = horizontal;
        if (vertical is not null) alignment.Vertical = vertical;
        format.Append(alignment);
        format.Append(new Protection { Locked = locked });
        return format;
    }
}
