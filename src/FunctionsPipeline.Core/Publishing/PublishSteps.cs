namespace FunctionsPipeline.Core.Publishing;

/// <summary>The writes of one publication, in the order they happen.</summary>
public static class PublishSteps
{
    public const string ReportData = "report.json";
    public const string Pdf = "pdf";
    public const string Html = "html";
    public const string Stylesheet = "site.css";
    public const string Notice = "notice";
    public const string Manifest = "manifest";
    public const string Feed = "feed";
    public const string Index = "index";

    public static IReadOnlyList<string> InOrder { get; } = [ReportData, Pdf, Html, Stylesheet, Notice, Manifest, Feed, Index];
}
