namespace FunctionsPipeline.Cli;

/// <summary><c>fp</c>: the commands are in Commands/, the command line in <see cref="Fp"/>.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        return Fp.InvokeAsync(args);
    }
}
