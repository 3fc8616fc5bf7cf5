using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Fonts;
using FunctionsPipeline.Core.Rendering.Layout;
using FunctionsPipeline.Core.Rendering.Pdf;
using PdfSharp.Drawing;

namespace FunctionsPipeline.Core.Rendering.Ofd;

/// <summary>
/// Writes a report as an OFD package (GB/T 33190-2016) from the same laid-out pages as the PDF:
/// every line of text is a TextObject whose glyphs are placed one by one (DeltaX), every set of
/// table rules a PathObject, in millimetres from the top left. Fonts are embedded as TrueType
/// subsets and also named by the standard family (宋体, 黑体) for readers that ignore embedded fonts.
/// Same report and time → same bytes: fixed entry order, entry times and IDs.
/// </summary>
public sealed class OfdRenderer(FontOptions options)
{
    public const string ContentType = "application/ofd";

    private const string Namespace = "http://www.ofdspec.org/2016";
    private const double MillimetresPerPoint = 25.4 / 72;

    public OfdRenderer()
        : this(new FontOptions())
    {
    }

    /// <summary>The OFD package as bytes. Throws like <see cref="PdfRenderer.Render(ReportDocument, DateTimeOffset)"/>.</summary>
    public byte[] Render(ReportDocument report, DateTimeOffset creationTime) =>
        Render(report, ReportLayout.Lay(report, ReportFonts.For(options), PageSetup.A4), creationTime);

    /// <summary>The OFD of a report already laid out (the PDF is drawn from the same <paramref name="layout"/>).</summary>
    public static byte[] Render(ReportDocument report, LaidOutReport layout, DateTimeOffset creationTime)
    {
        // Whole seconds, as in the PDF: the DocID is the PDF's file identifier.
        creationTime = new DateTimeOffset(creationTime.UtcTicks - creationTime.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var ids = new IdCounter();
        var fonts = FontsOf(layout, ids);
        var pages = layout.Pages.Select((page, i) => (Id: ids.Next(), Path: $"Pages/Page_{i}/Content.xml", Xml: PageXml(page, fonts, ids))).ToList();

        var entries = new List<(string Path, DeflatedContent Content)>
        {
            ("OFD.xml", DeflatedContent.Of(OfdXml(report.Metadata, Convert.ToHexString(DeterministicPdf.ContentHash(report, creationTime), 0, 16), creationTime))),
            ("Doc_0/Document.xml", DeflatedContent.Of(DocumentXml(layout.Setup, ids.Max, pages.Select(p => (p.Id, p.Path))))),
            ("Doc_0/PublicRes.xml", DeflatedContent.Of(PublicResXml(fonts.Values))),
        };
        entries.AddRange(fonts.Values.Select(f => ("Doc_0/Res/" + f.FileName, f.Subset())));
        entries.AddRange(pages.Select(p => ("Doc_0/" + p.Path, DeflatedContent.Of(p.Xml))));
        // The package: entries in this order, each stamped with the creation time (DOS time, UTC clock).
        return OfdZip.Write(entries, creationTime);
    }

    /// <summary>One embedded font: the characters drawn with it, and its OFD names.</summary>
    private sealed class OfdFont(int id, TextStyle style)
    {
        public int Id { get; } = id;

        public TextStyle Style { get; } = style;

        public SortedSet<int> CodePoints { get; } = [];

        public string FileName => $"font_{Id.ToString(CultureInfo.InvariantCulture)}.ttf";

        public bool Bold => Style.FontName.Contains("Bold", StringComparison.Ordinal);

        public bool Serif => Style.FontName.Contains("Serif", StringComparison.Ordinal);

        /// <summary>The standard family a reader without the embedded font should use: 宋体 for the serif, 黑体 for the sans.</summary>
        public string StandardFamily => Serif ? "宋体" : "黑体";

        /// <summary>The subset, compressed as its zip entry (kept between renders: <see cref="TrueTypeSubsetter.Subsets"/>).</summary>
        public DeflatedContent Subset() => TrueTypeSubsetter.Subset(
            Style.ResolverFamily,
            () => ReportFontResolver.Instance.GetFont(Style.ResolverFamily) ?? throw new FontsNotFoundException($"Font '{Style.FontName}' is not registered."),
            CodePoints);
    }

    private sealed class IdCounter
    {
        public int Max { get; private set; }

        public int Next() => ++Max;
    }

    /// <summary>The fonts of all runs, in order of first use, with the characters each draws.</summary>
    private static Dictionary<string, OfdFont> FontsOf(LaidOutReport layout, IdCounter ids)
    {
        var fonts = new Dictionary<string, OfdFont>(StringComparer.Ordinal);
        foreach (var run in layout.Pages.SelectMany(p => p.Items).OfType<TextRun>())
        {
            if (!fonts.TryGetValue(run.Style.ResolverFamily, out var font))
                fonts[run.Style.ResolverFamily] = font = new OfdFont(ids.Next(), run.Style);
            foreach (var rune in run.Text.EnumerateRunes()) font.CodePoints.Add(rune.Value);
        }
        return fonts;
    }

    private static byte[] OfdXml(DocumentMetadata metadata, string docId, DateTimeOffset created) => Xml(w =>
    {
        w.WriteStartElement("ofd", "OFD", Namespace);
        w.WriteAttributeString("Version", "1.0");
        w.WriteAttributeString("DocType", "OFD");
        w.WriteStartElement("DocBody", Namespace);
        w.WriteStartElement("DocInfo", Namespace);
        w.WriteElementString("DocID", Namespace, docId);
        w.WriteElementString("Title", Namespace, metadata.Title);
        w.WriteElementString("Author", Namespace, metadata.Author);
        w.WriteElementString("Subject", Namespace, metadata.Subject);
        var date = created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        w.WriteElementString("CreationDate", Namespace, date);
        w.WriteElementString("ModDate", Namespace, date);
        var keywords = metadata.Keywords.Split([',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (keywords.Length > 0)
        {
            w.WriteStartElement("Keywords", Namespace);
            foreach (var keyword in keywords) w.WriteElementString("Keyword", Namespace, keyword);
            w.WriteEndElement();
        }
        w.WriteElementString("Creator", Namespace, PdfRenderer.Creator);
        w.WriteStartElement("CustomDatas", Namespace);
        CustomData(w, "CreationTime", created.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));   // CreationDate holds the day only
        CustomData(w, "Language", metadata.Language);
        // The catalogue metadata known when rendering (索引号 and 发布日期 need the published version: notice and web page).
        CustomData(w, "发布机构", metadata.Author);
        CustomData(w, "主题分类", Publishing.CatalogueMetadata.SubjectClassification);
        if (metadata.Year is { } year) CustomData(w, "报告年度", year.ToString(CultureInfo.InvariantCulture));
        if (metadata.CreditCode is { } code) CustomData(w, "统一社会信用代码", code);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteElementString("DocRoot", Namespace, "Doc_0/Document.xml");
        w.WriteEndElement();
        w.WriteEndElement();
    });

    private static void CustomData(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("CustomData", Namespace);
        w.WriteAttributeString("Name", name);
        w.WriteString(value);
        w.WriteEndElement();
    }

    private static byte[] DocumentXml(PageSetup setup, int maxUnitId, IEnumerable<(int Id, string Path)> pages) => Xml(w =>
    {
        w.WriteStartElement("ofd", "Document", Namespace);
        w.WriteStartElement("CommonData", Namespace);
        w.WriteElementString("MaxUnitID", Namespace, maxUnitId.ToString(CultureInfo.InvariantCulture));
        w.WriteStartElement("PageArea", Namespace);
        w.WriteElementString("PhysicalBox", Namespace, Numbers(0, 0, Mm(setup.Width), Mm(setup.Height)));
        w.WriteEndElement();
        w.WriteElementString("PublicRes", Namespace, "PublicRes.xml");
        w.WriteEndElement();
        w.WriteStartElement("Pages", Namespace);
        foreach (var (id, path) in pages)
        {
            w.WriteStartElement("Page", Namespace);
            w.WriteAttributeString("ID", Id(id));
            w.WriteAttributeString("BaseLoc", path);
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    });

    private static byte[] PublicResXml(IEnumerable<OfdFont> fonts) => Xml(w =>
    {
        w.WriteStartElement("ofd", "Res", Namespace);
        w.WriteAttributeString("BaseLoc", "Res");
        w.WriteStartElement("Fonts", Namespace);
        foreach (var font in fonts)
        {
            w.WriteStartElement("Font", Namespace);
            w.WriteAttributeString("ID", Id(font.Id));
            w.WriteAttributeString("FontName", font.Style.FontName);
            w.WriteAttributeString("FamilyName", font.StandardFamily);
            if (font.Bold) w.WriteAttributeString("Bold", "true");
            if (font.Serif) w.WriteAttributeString("Serif", "true");
            w.WriteElementString("FontFile", Namespace, font.FileName);
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    });

    private static byte[] PageXml(LaidOutPage page, Dictionary<string, OfdFont> fonts, IdCounter ids) => Xml(w =>
    {
        w.WriteStartElement("ofd", "Page", Namespace);
        w.WriteStartElement("Content", Namespace);
        w.WriteStartElement("Layer", Namespace);
        w.WriteAttributeString("ID", Id(ids.Next()));
        w.WriteAttributeString("Type", "Body");
        foreach (var item in page.Items)
        {
            if (item is TextRun run) WriteText(w, run, fonts[run.Style.ResolverFamily], ids.Next());
            else if (item is Rules rules && rules.Boxes.Count > 0) WriteRules(w, rules, ids.Next());
        }
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    });

    /// <summary>
    /// A line as a TextObject: the boundary spans the line from 1.2 em above the baseline to 0.3 em
    /// below; TextCode gives the baseline start and the advance of every glyph but the last (DeltaX,
    /// runs of equal advances written "g count advance").
    /// </summary>
    private static void WriteText(XmlWriter w, TextRun run, OfdFont font, int id)
    {
        var advances = new List<double>(run.Text.Length);
        foreach (var rune in run.Text.EnumerateRunes()) advances.Add(run.Style.Advance(rune));
        var size = run.Style.Size;
        w.WriteStartElement("TextObject", Namespace);
        w.WriteAttributeString("ID", Id(id));
        w.WriteAttributeString("Boundary", Numbers(Mm(run.X), Mm(run.Baseline - 1.2 * size), Mm(advances.Sum() + 0.1 * size), Mm(1.5 * size)));
        w.WriteAttributeString("Font", Id(font.Id));
        w.WriteAttributeString("Size", Number(Mm(size)));
        if (font.Bold) w.WriteAttributeString("Weight", "700");   // for readers that draw with a substitute font
        w.WriteStartElement("TextCode", Namespace);
        w.WriteAttributeString("X", "0");
        w.WriteAttributeString("Y", Number(Mm(1.2 * size)));
        if (advances.Count > 1) w.WriteAttributeString("DeltaX", DeltaX(advances.Take(advances.Count - 1).Select(a => Number(Mm(a)))));
        w.WriteString(run.Text);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static string DeltaX(IEnumerable<string> advances)
    {
        var parts = new List<string>();
        foreach (var group in Runs(advances))
            parts.Add(group.Count == 1 ? group.Value : $"g {group.Count.ToString(CultureInfo.InvariantCulture)} {group.Value}");
        return string.Join(' ', parts);
    }

    private static List<(string Value, int Count)> Runs(IEnumerable<string> values)
    {
        var runs = new List<(string Value, int Count)>();
        foreach (var value in values)
        {
            if (runs.Count > 0 && runs[^1].Value == value) runs[^1] = (value, runs[^1].Count + 1);
            else runs.Add((value, 1));
        }
        return runs;
    }

    /// <summary>Cell borders as one PathObject of closed rectangles, relative to a boundary that holds the strokes whole.</summary>
    private static void WriteRules(XmlWriter w, Rules rules, int id)
    {
        var half = rules.LineWidth / 2;
        var left = rules.Boxes.Min(b => b.Left) - half;
        var top = rules.Boxes.Min(b => b.Top) - half;
        var right = rules.Boxes.Max(b => b.Right) + half;
        var bottom = rules.Boxes.Max(b => b.Bottom) + half;
        var path = new StringBuilder();
        foreach (var box in rules.Boxes)
        {
            if (path.Length > 0) path.Append(' ');
            double x0 = Mm(box.Left - left), y0 = Mm(box.Top - top), x1 = Mm(box.Right - left), y1 = Mm(box.Bottom - top);
            path.Append("M ").Append(Numbers(x0, y0)).Append(" L ").Append(Numbers(x1, y0)).Append(" L ").Append(Numbers(x1, y1))
                .Append(" L ").Append(Numbers(x0, y1)).Append(" C");
        }
        w.WriteStartElement("PathObject", Namespace);
        w.WriteAttributeString("ID", Id(id));
        w.WriteAttributeString("Boundary", Numbers(Mm(left), Mm(top), Mm(right - left), Mm(bottom - top)));
        w.WriteAttributeString("LineWidth", Number(Mm(rules.LineWidth)));
        w.WriteElementString("AbbreviatedData", Namespace, path.ToString());
        w.WriteEndElement();
    }

    private static double Mm(double points) => points * MillimetresPerPoint;

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Millimetres to a thousandth (finer than any printer dot), never "-0".</summary>
    private static string Number(double value)
    {
        var rounded = Math.Round(value, 3, MidpointRounding.AwayFromZero);
        return (rounded == 0 ? 0 : rounded).ToString("0.###", CultureInfo.InvariantCulture);
    }

    private static string Numbers(params double[] values) => string.Join(' ', values.Select(Number));

    private static byte[] Xml(Action<XmlWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            w.WriteStartDocument();
            write(w);
            w.WriteEndDocument();
        }
        return stream.ToArray();
    }
}
