using System.Collections.Concurrent;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Summary;

namespace FunctionsPipeline.Core.Samples;

/// <summary>
/// A region without storage, for tests and benchmarks of the summary: a register (one 本级政府 and any number of departments
/// and townships) and each body's live published version held in memory, as <see cref="ILiveReports"/> reads them.
/// </summary>
public sealed class SampleRegion : ILiveReports
{
    public const string LocalGovernmentName = "测试县人民政府";

    private readonly ConcurrentDictionary<(string Body, int Year), (ManifestEntry Entry, AnnualReport Report)> _live = new();

    public SampleRegion(IReadOnlyList<RegisteredBody> bodies, DateTimeOffset loadedAt) =>
        Register = new BodyRegister(bodies, "sample-register.xlsx", new string('0', 64), loadedAt);

    public BodyRegister Register { get; }

    /// <summary>
    /// A 本级政府 (first row) and <paramref name="bodies"/> more, every tenth a township, the rest departments; with
    /// <paramref name="published"/> of them (from the first) publishing a generated report for <paramref name="year"/>
    /// whose fee has 0–6 decimals in turn.
    /// </summary>
    public static SampleRegion Generate(int bodies, int year, int seed, int? published = null, DateTimeOffset? at = null)
    {
        var when = at ?? new DateTimeOffset(year + 1, 1, 20, 2, 0, 0, TimeSpan.Zero);
        var rows = new List<RegisteredBody> { Body(0, LocalGovernmentName, BodyType.LocalGovernment, "county-gov") };
        for (var i = 1; i <= bodies; i++)
        {
            rows.Add(i % 10 == 0
                ? Body(i, $"测试县第{i:D5}镇人民政府", BodyType.Township, $"town-{i:D5}")
                : Body(i, $"测试县第{i:D5}号局", BodyType.Department, $"dept-{i:D5}"));
        }
        var region = new SampleRegion(rows, when);
        var random = new Random(seed);
        foreach (var body in rows.Skip(1).Take(published ?? bodies))
        {
            region.Publish(body, GeneratedReports.Create(random, body.Name, year, feeDecimals: body.Row % 7), when);
        }
        return region;
    }

    public static RegisteredBody Body(int index, string name, BodyType type, string folder)
    {
        var stem = $"11539999MB{index:D7}";
        return new RegisteredBody(name, stem + CreditCode.CheckCharacter(stem + "0"), type, folder, null, [], [], index + 3);
    }

    /// <summary>Publishes <paramref name="report"/> as the body's next version (the one a summary reads from now on).</summary>
    public ManifestEntry Publish(RegisteredBody body, AnnualReport report, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(report);
        var version = _live.TryGetValue((body.Name, report.Year), out var current) ? current.Entry.Version + 1 : 1;
        var folder = SiteSlug.VersionFolder(body.Name, report.Year, version);
        var entry = new ManifestEntry(body.Name, report.Year, version, at, version == 1 ? PublicationKind.Publish : PublicationKind.Correction,
            report.Title, SiteSlug.ForBody(body.Name), $"{folder}/report.pdf", $"{folder}/report.html", $"{folder}/notice.html",
            $"{folder}/report.json", new string('0', 64), 0, ReportJson.ContentHash(report));
        _live[(body.Name, report.Year)] = (entry, report);
        return entry;
    }

    /// <summary>Takes the body's report for the year off (撤回): a summary no longer finds it.</summary>
    public void Withdraw(string body, int year) => _live.TryRemove((body, year), out _);

    public Task<(ManifestEntry Entry, AnnualReport Report)?> GetLiveReportAsync(string body, int year, CancellationToken cancellationToken) =>
        Task.FromResult<(ManifestEntry Entry, AnnualReport Report)?>(_live.TryGetValue((body, year), out var live) ? live : null);
}
