namespace FunctionsPipeline.Core.Pipeline;

/// <summary>
/// Sees each upload move through the stages as it happens (<c>fp demo</c> prints it). Optional: register
/// any number; they must be quick and must not throw.
/// </summary>
public interface IPipelineObserver
{
    void StageCompleted(string upload, string stage, TimeSpan elapsed);

    void Finished(UploadStatus status);
}

/// <summary>The stage names used in timings and progress.</summary>
public static class PipelineStages
{
    public const string Check = "check";
    public const string Download = "download";
    public const string Parse = "parse";
    public const string Previous = "previous";
    public const string Validate = "validate";
    public const string Document = "document";
    public const string Render = "render";
    public const string Publish = "publish";
}
