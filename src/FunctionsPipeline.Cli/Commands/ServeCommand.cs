namespace FunctionsPipeline.Cli.Commands;

// Placeholder until its issue lands; replaced wholesale by the stage that owns it.
internal static class ServeCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("fp: this command is not built yet");
        return Task.FromResult(3);
    }
}
