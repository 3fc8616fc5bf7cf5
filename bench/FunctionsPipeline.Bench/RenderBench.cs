namespace FunctionsPipeline.Bench;

// Placeholder until its stage lands; replaced wholesale by the stage that owns it.
internal static class RenderBench
{
    public static Task RunAsync()
    {
        Console.WriteLine("  (not built yet)");
        return Task.CompletedTask;
    }
}
