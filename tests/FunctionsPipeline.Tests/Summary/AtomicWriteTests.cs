using FunctionsPipeline.Core.Summary;

namespace FunctionsPipeline.Tests.Summary;

/// <summary><c>fp summarize</c> writes its workbook and trace whole or not at all.</summary>
public sealed class AtomicWriteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fp-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_failure_while_writing_the_second_file_leaves_both_targets_as_they_were_and_no_temporary_file()
    {
        var workbook = Path.Combine(_folder, "汇总.xlsx");
        var trace = Path.Combine(_folder, "汇总.trace.csv");
        File.WriteAllText(workbook, "old workbook");

        Assert.Throws<IOException>(() => SummaryExport.WriteAtomically(
            (workbook, stream => stream.Write("new workbook"u8)),
            (trace, stream =>
            {
                stream.Write("half a trace"u8);
                throw new IOException("disk full");
            })));

        Assert.Equal("old workbook", File.ReadAllText(workbook));
        Assert.False(File.Exists(trace));
        Assert.Equal(["汇总.xlsx"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Complete_files_replace_the_targets()
    {
        var workbook = Path.Combine(_folder, "汇总.xlsx");
        File.WriteAllText(workbook, "old workbook");

        SummaryExport.WriteAtomically((workbook, stream => stream.Write("new workbook"u8)), (Path.Combine(_folder, "汇总.trace.csv"), stream => stream.Write("trace"u8)));

        Assert.Equal("new workbook", File.ReadAllText(workbook));
        Assert.Equal(["汇总.trace.csv", "汇总.xlsx"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
