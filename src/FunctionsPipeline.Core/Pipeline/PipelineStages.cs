namespace FunctionsPipeline.Core.Pipeline;

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
    /// <summary>ReviewRequired: the preview written instead of publishing.</summary>
    public const string Preview = "preview";
}
