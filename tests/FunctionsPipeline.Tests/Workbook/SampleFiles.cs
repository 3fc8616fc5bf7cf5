namespace FunctionsPipeline.Tests.Workbook;

/// <summary>The committed sample workbooks in the repository's samples/ folder.</summary>
internal static class SampleFiles
{
    public static string PathOf(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FunctionsPipeline.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "samples", fileName);
            }
        }
        throw new InvalidOperationException("repository root (FunctionsPipeline.sln) not found above " + AppContext.BaseDirectory);
    }
}
