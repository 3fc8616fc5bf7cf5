using System.Globalization;

namespace FunctionsPipeline.Core.Publishing.Site;

/// <summary>
/// Where the open data lives: <c>data/schema.json</c> (every cell code), and per report year <c>data/{year}/reports.csv</c>
/// and <c>reports.json</c> (every body's current version, combined by a timer) built from <c>data/{year}/bodies/{slug}.json</c>
/// (one per body, written by its publication).
/// </summary>
internal static class DataLayout
{
    public const string Folder = "data";
    public const string SchemaFile = "schema.json";
    public const string CsvFile = "reports.csv";
    public const string JsonFile = "reports.json";
    public const string Schema = Folder + "/" + SchemaFile;

    public static string YearFolder(int year) => string.Create(CultureInfo.InvariantCulture, $"{Folder}/{year}");
    public static string Csv(int year) => $"{YearFolder(year)}/{CsvFile}";
    public static string Json(int year) => $"{YearFolder(year)}/{JsonFile}";
    public static string BodiesFolder(int year) => $"{YearFolder(year)}/bodies/";
    public static string Body(int year, string slug) => $"{BodiesFolder(year)}{slug}.json";

    /// <summary>The year of a <c>data/{year}/</c> prefix, or null.</summary>
    public static int? YearOf(string prefix) =>
        prefix.StartsWith(Folder + "/", StringComparison.Ordinal) &&
        int.TryParse(prefix.AsSpan(Folder.Length + 1).TrimEnd('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : null;
}
