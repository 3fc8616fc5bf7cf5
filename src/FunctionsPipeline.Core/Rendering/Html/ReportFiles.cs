using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Core.Rendering.Html;

/// <summary>
/// The PDF and OFD files the report page links (report.pdf and report.ofd beside it), each with its size and SHA-256,
/// as the notice shows them. The OFD is optional.
/// </summary>
public sealed record ReportFiles(string PdfSha256, long PdfBytes, string? OfdSha256 = null, long? OfdBytes = null)
{
    /// <summary>The files as rendered.</summary>
    public static ReportFiles Of(byte[] pdf, byte[]? ofd) =>
        new(Sha256.Hex(pdf), pdf.LongLength, ofd is null ? null : Sha256.Hex(ofd), ofd?.LongLength);

    /// <summary>The download list on the report page.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder(512);
        // A labelled section, not a labelled list: aria-label on <ul> is not announced reliably (html-validate aria-label-misuse).
        sb.Append("<section aria-label=\"下载本报告\">\n<ul class=\"files\">\n");
        AppendItem(sb, "report.pdf", "下载PDF版", PdfSha256, PdfBytes);
        if (OfdSha256 is not null && OfdBytes is { } ofdBytes) AppendItem(sb, "report.ofd", "下载OFD版", OfdSha256, ofdBytes);
        sb.Append("</ul>\n</section>\n");
        return sb.ToString();
    }

    private static void AppendItem(StringBuilder sb, string href, string label, string sha256, long bytes) =>
        sb.Append("<li><a href=\"").Append(href).Append("\">").Append(label).Append("</a>（").Append(HtmlText.Encode(FormatSize(bytes)))
            .Append("）<br><span class=\"hash\">SHA-256：").Append(HtmlText.Encode(sha256)).Append("</span></li>\n");

    /// <summary>"238.2 KB，243,958 字节": rounded for reading, exact for checking.</summary>
    public static string FormatSize(long bytes)
    {
        var inv = CultureInfo.InvariantCulture;
        var exact = bytes.ToString("N0", inv) + " 字节";
        if (bytes >= 1024 * 1024) return string.Create(inv, $"{bytes / 1024.0 / 1024.0:0.0} MB，{exact}");
        if (bytes >= 1024) return string.Create(inv, $"{bytes / 1024.0:0.0} KB，{exact}");
        return exact;
    }
}
