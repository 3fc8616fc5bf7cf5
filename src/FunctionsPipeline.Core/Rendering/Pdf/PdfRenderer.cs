using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Fonts;
using FunctionsPipeline.Core.Rendering.Layout;
using PdfSharp.Pdf;

namespace FunctionsPipeline.Core.Rendering.Pdf;

/// <summary>
/// Renders a <see cref="ReportDocument"/> to a tagged PDF/A in the official layout: A4, centred
/// title, section headings, ruled tables, 公文 page numbers. Same document and time → same bytes.
/// </summary>
public sealed class PdfRenderer(FontOptions options)
{
    public const string Creator = "FunctionsPipeline";

    private const int SaveBufferSize = 2 << 20;

    public PdfRenderer()
        : this(new FontOptions())
    {
    }

    /// <summary>
    /// The PDF as bytes. Check the text with <see cref="FindMissingGlyphs"/> first: a character the fonts lack
    /// throws <see cref="MissingGlyphException"/> (a programming error by then). Throws
    /// <see cref="FontsNotFoundException"/> if the fonts are not where expected.
    /// </summary>
    public byte[] Render(ReportDocument report, DateTimeOffset creationTime) => Render(report, creationTime, PageSetup.A4);

    /// <summary>The report laid out on A4 once, for <see cref="Render(ReportDocument, LaidOutReport, DateTimeOffset)"/> and the OFD writer.</summary>
    public LaidOutReport Lay(ReportDocument report) => Lay(report, PageSetup.A4);

    internal LaidOutReport Lay(ReportDocument report, PageSetup page) => ReportLayout.Lay(report, Fonts(report), page);

    /// <summary>The PDF on pages of another size (tests force table splits with a short page).</summary>
    internal byte[] Render(ReportDocument report, DateTimeOffset creationTime, PageSetup page) =>
        Render(report, Lay(report, page), creationTime);

    /// <summary>The PDF of a report already laid out (the OFD is drawn from the same <paramref name="layout"/>).</summary>
    public static byte[] Render(ReportDocument report, LaidOutReport layout, DateTimeOffset creationTime)
    {
        // PDF dates hold whole seconds: two renders within one second must give the same bytes.
        creationTime = new DateTimeOffset(creationTime.UtcTicks - creationTime.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var contentHash = DeterministicPdf.ContentHash(report, creationTime);

        var document = Draw(report, layout, creationTime, contentHash);
        return SaveAndFinish(document, report, creationTime, contentHash);
    }

    /// <summary>Content hash of the report at this (whole-second) creation time: the PDF's /ID, subset tags and XMP ids.</summary>
    internal static byte[] ContentHash(ReportDocument report, DateTimeOffset creationTime) => DeterministicPdf.ContentHash(report, creationTime);

    /// <summary>The first step: the PDFsharp document with every page drawn and tagged (the bench times the steps one by one).</summary>
    internal static PdfDocument Draw(ReportDocument report, LaidOutReport layout, DateTimeOffset creationTime, byte[] contentHash)
    {
        var document = new PdfDocument();
        var created = creationTime.UtcDateTime;
        document.Info.Title = report.Metadata.Title;
        document.Info.Author = report.Metadata.Author;
        document.Info.Subject = report.Metadata.Subject;
        document.Info.Keywords = report.Metadata.Keywords;
        document.Info.Creator = Creator;
        document.Info.CreationDate = created;
        document.Info.ModificationDate = created;
        document.SetPdfA();
        // The header names the newest PDF version whose features the file uses: the table tags THead
        // and TBody and the TH attribute /Scope are PDF 1.5 (PDFsharp would write 1.7). PDF/A-1 is
        // based on PDF 1.4 but does not constrain the header's version (docs/rendering.md: PDF/A).
        document.Version = 15;
        // PDFsharp's Flate streams lack the Adler-32 trailer; PdfFinisher compresses everything once, correctly
        // (content streams and ToUnicode maps included: compressing them here would make the finisher inflate them again).
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;

        using (var canvas = new PdfCanvas(document, layout.Setup, report.Metadata.Language))
        {
            canvas.Draw(layout);
        }

        DeterministicPdf.FixIdentifiers(document, contentHash);
        return document;
    }

    /// <summary>The second and third steps: PDFsharp saves the drawn document, <see cref="PdfFinisher"/> rewrites it.</summary>
    internal static byte[] SaveAndFinish(PdfDocument document, ReportDocument report, DateTimeOffset creationTime, byte[] contentHash)
    {
        // Uncompressed: the three font subsets alone are about 1 MB. The buffer is the thread's own, reused by its next render.
        var output = saveBuffer ??= new MemoryStream(SaveBufferSize);
        output.SetLength(0);
        try
        {
            document.Save(output, closeStream: false);
            return PdfFinisher.Finish(output.GetBuffer(), (int)output.Length, new XmpFields(report.Metadata, Creator, document.Info.Producer, creationTime, contentHash));
        }
        finally
        {
            if (output.Capacity > MaxKeptSaveBuffer) saveBuffer = null;   // an unusually large document: do not keep its buffer
        }
    }

    /// <summary>For the bench: PDFsharp's save alone, into the thread's buffer; returns the saved bytes' length.</summary>
    internal static (byte[] Buffer, int Length) SaveOnly(PdfDocument document)
    {
        var output = saveBuffer ??= new MemoryStream(SaveBufferSize);
        output.SetLength(0);
        document.Save(output, closeStream: false);
        return (output.GetBuffer(), (int)output.Length);
    }

    private const int MaxKeptSaveBuffer = 8 << 20;

    /// <summary>The buffer PDFsharp saves into, one per thread that renders (2 MB, up to 8 MB kept): not a new 2 MB per render.</summary>
    [ThreadStatic]
    private static MemoryStream? saveBuffer;

    /// <summary>
    /// For a process that renders one document (<c>fp render</c>): read from the font files only the
    /// outlines this document draws (about 1 MB in memory instead of 36 MB; the PDF is the same). Not
    /// together with whole-font renders in one process: PDFsharp caches font faces by name, process-wide,
    /// and refuses the same face with other bytes. Not for the long-running hosts.
    /// </summary>
    public bool LoadOnlyDocumentGlyphs { get; init; }

    /// <summary>The whole fonts (once per process), or with <see cref="LoadOnlyDocumentGlyphs"/> fonts reduced to what this document draws.</summary>
    private ReportFonts Fonts(ReportDocument report) =>
        // With reduced fonts a character outside the set throws (GlyphsNotLoadedException) rather than print blank.
        LoadOnlyDocumentGlyphs ? ReportFonts.ForCharacters(options, DrawnCharacters(report)) : ReportFonts.For(options);

    /// <summary>Every character the layout may draw: the document's texts, page numbers, continued-label marks and the space the line breaker adds.</summary>
    internal static HashSet<int> DrawnCharacters(ReportDocument report)
    {
        var characters = new HashSet<int>();
        void Add(string text)
        {
            foreach (var rune in text.EnumerateRunes()) characters.Add(rune.Value);
        }
        Add("— 0123456789");
        Add(Table.Continued);
        foreach (var block in report.Blocks)
        {
            switch (block)
            {
                case TitleBlock title: Add(title.Text); break;
                case HeadingBlock heading: Add(heading.Text); break;
                case ParagraphBlock paragraph: Add(paragraph.Text); break;
                case TableBlock table:
                    Add(table.Caption);
                    foreach (var cell in table.Rows.SelectMany(r => r.Cells)) Add(cell.Text);
                    break;
            }
        }
        return characters;
    }

    /// <summary>
    /// Every character the document's text holds that the font it is drawn in lacks (first occurrence of each), with
    /// the text it is in; empty if the PDF can show every character. Uses the same font per block as <see cref="ReportLayout.Elements"/>.
    /// </summary>
    public IReadOnlyList<MissingGlyph> FindMissingGlyphs(ReportDocument report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var fonts = Fonts(report);
        var missing = new List<MissingGlyph>();
        foreach (var (text, style) in DrawnText(report, fonts))
        {
            for (var rest = text; style.FirstMissing(rest) is { } rune;)
            {
                if (!missing.Any(m => m.Character == rune)) missing.Add(new MissingGlyph(rune, text));
                rest = rest[(rest.IndexOf(rune.ToString(), StringComparison.Ordinal) + rune.Utf16SequenceLength)..];
            }
        }
        return missing;
    }

    private static IEnumerable<(string Text, TextStyle Style)> DrawnText(ReportDocument report, ReportFonts fonts)
    {
        foreach (var block in report.Blocks)
        {
            switch (block)
            {
                case TitleBlock title: yield return (title.Text, fonts.Title); break;
                case HeadingBlock { Level: 1 } heading: yield return (heading.Text, fonts.Heading1); break;
                case HeadingBlock heading: yield return (heading.Text, fonts.Heading2); break;
                case ParagraphBlock paragraph: yield return (paragraph.Text, fonts.Body); break;
                case TableBlock table:
                    foreach (var cell in table.Rows.SelectMany(r => r.Cells)) yield return (cell.Text, cell.IsHeader ? fonts.TableHeader : fonts.TableText);
                    break;
            }
        }
    }
}
