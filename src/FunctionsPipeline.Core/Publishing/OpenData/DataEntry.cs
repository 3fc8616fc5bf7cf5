using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Publishing.OpenData;

/// <summary>
/// One body's current version of one report year as the open data holds it: <c>data/{year}/bodies/{slug}.json</c> is one
/// of these, and <c>reports.json</c> lists them. <see cref="Report"/> is exactly the version's <c>report.json</c> (written
/// with <see cref="ReportJson.Options"/>); <see cref="Notice"/> and <see cref="Source"/> are site paths of its notice and
/// its report.json.
/// </summary>
internal sealed record DataEntry(string Body, string? CreditCode, int Year, int Version, string Kind, DateTimeOffset PublishedAt,
    string ContentSha256, string Notice, string Source, AnnualReport Report)
{
    public static DataEntry From(ManifestEntry entry, AnnualReport report) =>
        new(entry.Body, report.CreditCode, entry.Year, entry.Version, entry.Kind, entry.PublishedAt, entry.ContentSha256, entry.Notice, entry.Report, report);
}
