using System.Text;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Rendering.Pdf;
using static FunctionsPipeline.Tests.Rendering.Pdf.TestDocuments;

namespace FunctionsPipeline.Tests.Rendering.Pdf;

public class PdfFinisherTests
{
    [Fact]
    public void Reads_the_CIDs_of_both_forms_of_a_width_array()
    {
        var cids = WidthArray.Cids("<</Type/Font/Subtype/CIDFontType2/W[1[256]17[590 600]30 32 1000]/DW 1000>>");
        Assert.Equal([1, 17, 18, 30, 31, 32], cids.Order());
    }

    [Fact]
    public void Computes_Adler32_as_zlib_does()
    {
        // Known value: Adler-32 of "Wikipedia" is 0x11E60398.
        Assert.Equal(new byte[] { 0x11, 0xE6, 0x03, 0x98 }, PdfFinisher.Adler32("Wikipedia"u8));
    }

    [Fact]
    public void Gives_every_embedded_font_a_CIDSet()
    {
        var raw = Encoding.Latin1.GetString(Renderer.Render(Distinct, Published));
        var descriptors = Regex.Matches(raw, @"/Type/FontDescriptor[^\n]*").Select(m => m.Value).ToList();
        Assert.Equal(3, descriptors.Count);
        Assert.All(descriptors, d => Assert.Matches(@"/FontFile2 \d+ 0 R/CIDSet \d+ 0 R", d));
    }
}
