using System.Text.Json;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Fonts;
using FunctionsPipeline.Core.Rendering.Ofd;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Rendering.Pdf;
using static FunctionsPipeline.Tests.Rendering.Pdf.TestDocuments;

namespace FunctionsPipeline.Tests.Rendering;

/// <summary>
/// Font programs reused between renders (PDF: trimmed and compressed subsets; OFD: subsets) give the bytes a
/// render with nothing cached gives, also right after a document with other characters; the caches stay bounded.
/// Other tests render in parallel: a correct cache makes that harmless, so the comparisons still hold.
/// </summary>
public sealed class FontProgramCacheTests
{
    [Fact]
    public void A_render_after_a_document_with_other_characters_gives_the_bytes_of_a_render_with_nothing_cached()
    {
        var county = DocumentBuilder.Build(SampleReports.County);
        var seed = DocumentBuilder.Build(SampleReports.Seed);

        Clear();
        var (freshPdf, freshOfd) = RenderBoth(county);
        Clear();
        RenderBoth(seed);                                   // the caches now hold the seed's fonts
        var (afterPdf, afterOfd) = RenderBoth(county);
        var (againPdf, againOfd) = RenderBoth(county);      // and now the county's: hits

        Assert.Equal(freshPdf, afterPdf);
        Assert.Equal(freshOfd, afterOfd);
        Assert.Equal(freshPdf, againPdf);
        Assert.Equal(freshOfd, againOfd);
        Assert.InRange(PdfFinisher.Programs.Count, 1, FontProgramCache<string, byte[]>.Capacity);
        Assert.InRange(TrueTypeSubsetter.Subsets.Count, 1, FontProgramCache<string, byte[]>.Capacity);
    }

    [Fact]
    public void Holds_at_most_Capacity_entries_drops_the_oldest_and_creates_a_cached_value_once()
    {
        var cache = new FontProgramCache<int, string>();
        var created = 0;
        string Create(int key)
        {
            created++;
            return "v" + key;
        }

        for (var key = 0; key < 3 * FontProgramCache<int, string>.Capacity; key++) cache.GetOrAdd(key, Create);
        Assert.Equal(FontProgramCache<int, string>.Capacity, cache.Count);

        var last = 3 * FontProgramCache<int, string>.Capacity - 1;
        var before = created;
        Assert.Equal("v" + last, cache.GetOrAdd(last, Create));
        Assert.Equal(before, created);                      // a hit creates nothing
        Assert.Equal("v0", cache.GetOrAdd(0, Create));      // the oldest was dropped: made again
        Assert.Equal(before + 1, created);
    }

    [Fact]
    public void The_content_hash_s_generated_JSON_is_the_reflection_serializer_s()
    {
        // The PDF's IDs and subset tags come from this JSON: the generated serializer must not change them.
        foreach (var report in new[] { SampleReports.Seed, SampleReports.County, PaginatedReport.SeedWith(proseLength: 3_000) })
        {
            var document = DocumentBuilder.Build(report);
            Assert.Equal(JsonSerializer.Serialize(document.Metadata), JsonSerializer.Serialize(document.Metadata, DocumentJson.Default.DocumentMetadata));
            foreach (var block in document.Blocks)
                Assert.Equal(JsonSerializer.Serialize(block, block.GetType()), JsonSerializer.Serialize(block, block.GetType(), DocumentJson.Default));
        }
    }

    private static (byte[] Pdf, byte[] Ofd) RenderBoth(ReportDocument document)
    {
        var layout = Renderer.Lay(document);
        return (PdfRenderer.Render(document, layout, Published), OfdRenderer.Render(document, layout, Published));
    }

    private static void Clear()
    {
        PdfFinisher.Programs.Clear();
        TrueTypeSubsetter.Subsets.Clear();
    }
}
