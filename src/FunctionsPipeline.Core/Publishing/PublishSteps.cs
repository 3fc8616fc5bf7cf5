namespace FunctionsPipeline.Core.Publishing;

/// <summary>The writes of one publication, in the order they happen.</summary>
public static class PublishSteps
{
    public const string ReportData = "report.json";
    public const string Pdf = "pdf";
    public const string Ofd = "ofd";
    public const string Html = "html";
    public const string Stylesheet = "site.css";
    public const string Notice = "notice";
    /// <summary>The body's manifest (bodies/{slug}/manifest.json), the record of its publications.</summary>
    public const string Manifest = "manifest";
    /// <summary>The body's open data file (data/{year}/bodies/{slug}.json) and, for a year's first, the year's empty combined files.</summary>
    public const string OpenData = "open-data";
    public const string BodyPage = "body-page";
    public const string YearPage = "year-page";
    public const string MonthPage = "month-page";
    public const string Recent = "recent";
    public const string Feed = "feed";
    public const string Index = "index";
    /// <summary>The name-search index (search/…): written only for a body it does not hold yet.</summary>
    public const string Search = "search";

    public static IReadOnlyList<string> InOrder { get; } = [ReportData, Pdf, Ofd, Html, Stylesheet, Notice, Manifest, OpenData, BodyPage, YearPage, MonthPage, Recent, Feed, Index, Search];

    /// <summary>Steps after the body's manifest lists the version: a retry finds it published and only repairs listings.</summary>
    public static bool IsAfterListing(string step) => InOrder.ToList().IndexOf(step) > InOrder.ToList().IndexOf(Manifest);
}
