using System.Buffers.Binary;
using System.Text;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Bench;

/// <summary>
/// Workbook stage: warm parse of the committed samples (target &lt; 20 ms median), the time to
/// refuse hostile files (zip bomb by declared size, sparse sheet), and writing the template.
/// </summary>
internal static class ParseBench
{
    public static Task RunAsync()
    {
        string[] names = ["xiji-2024.xlsx", "county-2024.xlsx", "county-2024.xls"];
        var samples = names.ToDictionary(n => n, n => File.ReadAllBytes(SamplePath(n)));
        // Warm: enough parses of every sample for tiered JIT to finish, so the first sample measured is not penalised.
        for (var i = 0; i < 300; i++)
        {
            foreach (var (name, bytes) in samples) WorkbookReader.Read(new MemoryStream(bytes), name);
        }
        foreach (var (name, bytes) in samples)
        {
            Harness.Measure($"parse {name} (warm)", 200, () => Expect(WorkbookReader.Read(new MemoryStream(bytes), name), ok: true), warmup: 10);
            // Wall-clock medians suffer when the machine is shared; process CPU time per parse does not.
            var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            const int runs = 200;
            for (var i = 0; i < runs; i++) WorkbookReader.Read(new MemoryStream(bytes), name);
            var spent = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Harness.Figure($"  CPU time per parse {name}", spent.TotalMilliseconds / runs, "ms");
        }

        // Breakdown for the county workbook: the pre-check alone (zip directory, content types, XML well-formedness).
        var county = File.ReadAllBytes(SamplePath("county-2024.xlsx"));
        Harness.Measure("  of which pre-check (county-2024.xlsx)", 200, () => FilePreCheck.Check(county, "county.xlsx", WorkbookLimits.Default), warmup: 20);

        var bomb = DeclareHugeSheet(Write(SampleReports.County));
        Harness.Measure("refuse zip bomb (3.75 GB declared)", 200, () => Expect(WorkbookReader.Read(new MemoryStream(bomb), "bomb.xlsx"), ok: false), warmup: 20);

        var sparse = Write(SampleReports.County, new ExtraCell("三", "XFD1048576", 1));
        Harness.Measure("refuse sparse sheet (XFD1048576)", 50, () => Expect(WorkbookReader.Read(new MemoryStream(sparse), "sparse.xlsx"), ok: false), warmup: 5);

        Harness.Measure("write filled template (county)", 100, () => Write(SampleReports.County), warmup: 10);
        return Task.CompletedTask;
    }

    private static void Expect(ParseResult result, bool ok)
    {
        if (result.Succeeded != ok) throw new InvalidOperationException($"unexpected parse outcome: {result.Problem?.Code}");
    }

    private static byte[] Write(FunctionsPipeline.Core.Model.AnnualReport report, params ExtraCell[] extra)
    {
        using var stream = new MemoryStream();
        TemplateWriter.Write(stream, new TemplateContent(ReportFieldValues.From(report), ExtraCells: extra));
        return stream.ToArray();
    }

    /// <summary>Patches the central directory so a worksheet declares 3.75 GB uncompressed.</summary>
    private static byte[] DeclareHugeSheet(byte[] zip)
    {
        for (var i = zip.Length - 46; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) != 0x02014b50) continue;
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 28));
            if (!Encoding.ASCII.GetString(zip, i + 46, nameLength).StartsWith("xl/worksheets/", StringComparison.Ordinal)) continue;
            BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), 0xF0000000);
            return zip;
        }
        throw new InvalidOperationException("no worksheet entry");
    }

    private static string SamplePath(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", fileName);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"samples/{fileName} not found above {AppContext.BaseDirectory}");
    }
}
