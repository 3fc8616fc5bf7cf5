using System.Diagnostics;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Summary;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Bench;

/// <summary>
/// The region's summary at 5,000 bodies (4,750 published, generated reports with fees of 0–6 decimals) held in memory
/// (<see cref="SampleRegion"/>): taking the sums, writing the workbook with its trace sheets and the trace CSV, reading
/// the workbook back as an upload would, and the memory it takes. Storage reads are not in it: two blob reads per body,
/// 16 at a time (<see cref="RegionSummarizer.Concurrency"/>).
/// </summary>
internal static class SummaryBench
{
    private const int Bodies = 5000;

    public static async Task RunAsync()
    {
        var region = SampleRegion.Generate(Bodies, 2024, seed: 1, published: Bodies - Bodies / 20);
        var summarizer = new RegionSummarizer(region, TimeProvider.System);
        RegionSummary summary = null!;

        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        await Harness.MeasureAsync("summary: sum 5,000 bodies (in memory)", 10, async () =>
            summary = await summarizer.SummarizeAsync(region.Register, 2024, BodySelection.All));
        Harness.Figure("summary: allocated per sum of 5,000 bodies", (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 12.0 / (1024 * 1024), "MiB");
        GC.Collect();
        Harness.Figure("summary: managed heap holding the sum of 5,000 bodies", GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024), "MiB");
        Harness.Figure("summary: peak working set after summing", Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024), "MiB");

        byte[] workbook = [];
        Harness.Measure("summary: write workbook, 5,000 bodies", 3, () =>
        {
            using var stream = new MemoryStream();
            SummaryWorkbook.Write(stream, summary);
            workbook = stream.ToArray();
        }, warmup: 1);
        Harness.Figure("summary: workbook size, 5,000 bodies", workbook.Length / (1024.0 * 1024), "MiB");

        long csvBytes = 0;
        Harness.Measure("summary: write trace CSV, 5,000 bodies", 3, () =>
        {
            using var stream = new MemoryStream();
            SummaryWorkbook.WriteTraceCsv(stream, summary);
            csvBytes = stream.Length;
        }, warmup: 1);
        Harness.Figure("summary: trace CSV size, 5,000 bodies", csvBytes / (1024.0 * 1024), "MiB");

        ParsedWorkbook read = null!;
        Harness.Measure("summary: read the workbook back (as an upload)", 3, () =>
        {
            var parsed = WorkbookReader.Read(new MemoryStream(workbook), "summary.xlsx");
            read = parsed.Workbook ?? throw new InvalidOperationException($"the summary does not read back: {parsed.Problem?.Message}");
        }, warmup: 1);
        GC.Collect();
        var heapWith = GC.GetTotalMemory(forceFullCollection: true);
        var kept = read.Sheets.Sum(sheet => sheet.Value.Count);
        Harness.Figure("summary: rows of sheet values a parsed upload keeps (ParsedWorkbook.Sheets)", kept, "rows");
        Harness.Figure("summary: managed heap holding the sum and the parsed workbook", heapWith / (1024.0 * 1024), "MiB");
        // The upload check's own work beyond the sum: the selection, bodies and trace read back, then the cells compared.
        var report = summary.ToReport(SampleRegion.LocalGovernmentName, new FunctionsPipeline.Core.Model.ContactDetails("地址", "100000", "010-1", "https://example.gov.cn"));
        Harness.Measure("summary: upload check reads the selection and trace back and compares, 5,000 bodies", 5, () =>
        {
            var stamp = SummaryStamp.Read(read) ?? throw new InvalidOperationException("the summary carries no selection");
            if (SummaryCheck.Compare(summary, report, read, stamp).Count != 0) throw new InvalidOperationException("an unchanged summary warns");
        }, warmup: 1);
        Harness.Figure("summary: sheets in the workbook", SummarySheetCount(workbook), "sheets");
        Harness.Figure("summary: peak working set after writing and reading back", Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024), "MiB");
    }

    private static int SummarySheetCount(byte[] workbook)
    {
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        return document.WorkbookPart!.Workbook.Sheets!.ChildElements.Count;
    }
}
